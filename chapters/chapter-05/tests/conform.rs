//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries, not `cargo run`): each passes and matches its recorded
//! reference in `fixtures/reference/`, and a program doing another job
//! fails, so the cases can tell.

use std::path::PathBuf;
use std::time::Duration;

use harness::conform::runner::{Mode, run};
use harness::conform::{Program, Session, cases};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `case` against the chapter binary `bin` with `args`; the report.
fn conform(case: &str, bin: &str, args: &[&str]) -> harness::conform::report::Report {
    let case = cases::find(&root(), case).unwrap();
    let mut argv = vec![assert_cmd::cargo::cargo_bin(bin).display().to_string()];
    argv.extend(args.iter().map(|a| a.to_string()));
    let session = Session {
        program: Program { argv, cwd: None },
        time_limit: Duration::from_secs(30),
        root: root(),
    };
    run(case.as_ref(), &session, Mode::Compare).unwrap()
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
