//! The chapter's conformance cases pass with our own programs and match the
//! references in `fixtures/reference/` (recorded from these programs with
//! `workbook conform <case> --record`), and a wrong program fails them.

use std::time::Duration;

use conform::Session;

fn session(argv: &[&str]) -> Session {
    Session::for_test(argv, Duration::from_secs(60))
}

#[test]
fn our_daytime_client_passes_over_udp_and_over_tcp() {
    let bin = env!("CARGO_BIN_EXE_daytime_client");
    for argv in [vec![bin, "{host}", "{port}"], vec![bin, "--tcp"]] {
        // The second form reads DAYTIME_HOST/DAYTIME_PORT from the environment.
        session(&argv).assert_passes("daytime-client");
    }
}

#[test]
fn our_echo_server_passes() {
    let bin = env!("CARGO_BIN_EXE_udp_server");
    session(&[bin, "--echo", "--port", "{port}"]).assert_passes("udp-echo-server");
}

#[test]
fn the_greeting_server_is_not_an_echo_server() {
    let bin = env!("CARGO_BIN_EXE_udp_server");
    let report = session(&[bin, "--port", "{port}"]).report("udp-echo-server");
    let failed = report.assert_fails().failed_checks();
    assert!(
        failed[0].starts_with("echoes a 19-byte datagram"),
        "{}",
        report.render_plain()
    );
}

#[test]
fn a_client_that_asks_nobody_fails_clearly() {
    let report = session(&["true"]).report("daytime-client");
    assert!(
        report
            .assert_fails()
            .render_plain()
            .contains("no datagram or connection reached"),
        "{}",
        report.render_plain()
    );
}
