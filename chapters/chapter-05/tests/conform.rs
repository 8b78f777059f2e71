//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries, not `cargo run`): each passes and matches its recorded
//! reference in `fixtures/reference/`, and a program doing another job
//! fails, so the cases can tell.

use std::time::Duration;

use conform::Session;
use conform::report::Report;

/// Runs `case` against the chapter binary `bin` with `args`; the report.
fn conform(case: &str, bin: &str, args: &[&str]) -> Report {
    Session::for_bin(bin, args, Duration::from_secs(30))
        .check(case)
        .unwrap()
}

#[test]
fn our_programs_pass_their_cases_and_match_the_references() {
    for (case, bin, args) in [
        (
            "http-server",
            "webserver",
            &["--port", "{port}", "--quiet"][..],
        ),
        (
            "http-client",
            "http_get",
            &["http://{host}:{port}/chain/2"][..],
        ),
    ] {
        let report = conform(case, bin, args);
        assert!(report.verdict.passed(), "{}", report.render());
        assert!(report.diff.is_none(), "{}", report.render());
    }
}

#[test]
fn programs_doing_another_job_fail() {
    // The file server lists directories instead of serving index.html.
    let report = conform(
        "http-server",
        "file_server",
        &["--port", "{port}", "--root", "/", "--quiet"],
    );
    assert!(!report.verdict.passed(), "{}", report.render());
    // Not following redirects: the first answer is a 302.
    let report = conform(
        "http-client",
        "http_get",
        &["--max-redirects", "0", "http://{host}:{port}/chain/2"],
    );
    assert!(!report.verdict.passed(), "{}", report.render());
}
