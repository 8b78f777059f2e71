//! The chapter's conformance cases pass with our own programs and match the
//! references in `fixtures/reference/` (recorded from these programs with
//! `workbook conform <case> --record`), and a wrong program fails them.

use std::time::Duration;

use conform::cases::{daytime_client::DaytimeClient, udp_echo_server::UdpEchoServer};
use conform::report::Report;
use conform::runner::{self, Mode};
use conform::{Case, Grade, Session};

fn run(case: &dyn Case, argv: &[&str]) -> Report {
    let session = Session::for_test(argv, Duration::from_secs(60));
    runner::run(case, &session, Mode::Compare).unwrap()
}

#[test]
fn our_daytime_client_passes_over_udp_and_over_tcp() {
    let bin = env!("CARGO_BIN_EXE_daytime_client");
    for argv in [vec![bin, "{host}", "{port}"], vec![bin, "--tcp"]] {
        // The second form reads DAYTIME_HOST/DAYTIME_PORT from the environment.
        let report = run(&DaytimeClient, &argv);
        assert!(report.verdict.passed(), "{}", report.render());
    }
}

#[test]
fn our_echo_server_passes() {
    let report = run(
        &UdpEchoServer,
        &[
            env!("CARGO_BIN_EXE_udp_server"),
            "--echo",
            "--port",
            "{port}",
        ],
    );
    assert!(report.verdict.passed(), "{}", report.render());
}

#[test]
fn the_greeting_server_is_not_an_echo_server() {
    let report = run(
        &UdpEchoServer,
        &[env!("CARGO_BIN_EXE_udp_server"), "--port", "{port}"],
    );
    assert!(!report.verdict.passed());
    let failed = report
        .checks
        .iter()
        .find(|c| c.grade == Grade::Failed)
        .unwrap();
    assert!(
        failed.name.starts_with("echoes a 19-byte datagram"),
        "{}",
        report.render()
    );
}

#[test]
fn a_client_that_asks_nobody_fails_clearly() {
    let report = run(&DaytimeClient, &["true"]);
    assert!(!report.verdict.passed());
    assert!(
        report
            .render()
            .contains("no datagram or connection reached"),
        "{}",
        report.render()
    );
}
