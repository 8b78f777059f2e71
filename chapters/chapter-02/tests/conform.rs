//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries, not `cargo run`): each passes and matches its recorded
//! reference in `fixtures/reference/`, and a program that does the wrong job
//! fails, so the cases can tell.

use std::time::Duration;

use conform::Session;

/// A session running the chapter binary `bin` with `args`, for `secs`.
fn session(bin: &str, args: &[&str], secs: u64) -> Session {
    Session::for_bin(bin, args, Duration::from_secs(secs))
}

#[test]
fn our_programs_pass_their_cases_and_match_the_references() {
    for (case, bin, args) in [
        (
            "tcp-greeting-server",
            "server_01",
            &["127.0.0.1", "{port}"][..],
        ),
        (
            "tcp-greeting-client",
            "client_01",
            &["{host}", "{port}"][..],
        ),
        ("tcp-echo-server", "echo_server", &["--port", "{port}"][..]),
    ] {
        session(bin, args, 30).assert_passes(case);
    }
}

#[test]
fn a_server_doing_another_job_fails_each_server_case() {
    // tcp_server answers "Hello from server!" instead of echoing or greeting.
    let args = ["--port", "{port}", "--timeout", "1"];
    for case in ["tcp-echo-server", "tcp-greeting-server"] {
        session("tcp_server", &args, 4).report(case).assert_fails();
    }
}

#[test]
fn a_client_that_does_not_greet_back_fails_the_client_case() {
    let args = ["{host}", "{port}", "--timeout", "1"];
    let report = session("tcp_client", &args, 10).report("tcp-greeting-client");
    let failed = report.assert_fails().failed_checks();
    assert!(
        failed.iter().any(|name| name.contains("greets back")),
        "{}",
        report.render_plain()
    );
}
