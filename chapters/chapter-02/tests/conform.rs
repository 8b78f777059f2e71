//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries, not `cargo run`): each passes and matches its recorded
//! reference in `fixtures/reference/`, and a program that does the wrong job
//! fails, so the cases can tell.

use std::time::Duration;

use conform::Session;
use conform::report::Report;

/// Runs `case` against the chapter binary `bin` with `args`; the report.
fn conform(case: &str, bin: &str, args: &[&str], limit: u64) -> Report {
    let session = Session::for_bin(bin, args, Duration::from_secs(limit));
    session.check(case).unwrap()
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
        let report = conform(case, bin, args, 30);
        assert!(report.verdict.passed(), "{}", report.render());
        assert!(report.diff.is_none(), "{}", report.render());
    }
}

#[test]
fn a_server_doing_another_job_fails_each_server_case() {
    // tcp_server answers "Hello from server!" instead of echoing or greeting.
    for case in ["tcp-echo-server", "tcp-greeting-server"] {
        let report = conform(
            case,
            "tcp_server",
            &["--port", "{port}", "--timeout", "1"],
            4,
        );
        assert!(!report.verdict.passed(), "{}", report.render());
    }
}

#[test]
fn a_client_that_does_not_greet_back_fails_the_client_case() {
    let report = conform(
        "tcp-greeting-client",
        "tcp_client",
        &["{host}", "{port}", "--timeout", "1"],
        10,
    );
    assert!(!report.verdict.passed(), "{}", report.render());
    assert!(
        report.render().contains("greets back"),
        "{}",
        report.render()
    );
}
