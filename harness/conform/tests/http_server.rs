//! The http-server case against deliberately broken servers
//! (`tests/programs/http_server.py`): each break gets the one verdict it
//! deserves, named, and the other groups of requests are still graded.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, detail, program, python, report, www};

/// Runs `tests/programs/http_server.py MODE` against http-server.
fn run(mode: &str) -> Option<conform::report::Report> {
    if !python() {
        return None;
    }
    let (server, www) = (program("http_server.py"), www());
    Some(report("http-server", &[PYTHON, &server, mode, &www]))
}

#[test]
fn a_correct_persistent_server_passes() {
    let Some(report) = run("good") else { return };
    assert_verdict(&report, Verdict::Pass, &[]);
}

#[test]
fn a_server_closing_without_saying_so_fails_that_check_only() {
    let Some(report) = run("silent-close") else {
        return;
    };
    let name = "announces a close before making it (RFC 9112 §9.6)";
    assert_verdict(&report, Verdict::Fail, &[&format!("FAILED {name}")]);
    let why = detail(&report, name);
    assert!(why.contains("after answering GET / it closed"), "{why}");
}

#[test]
fn a_server_ignoring_connection_close_fails_that_check_only() {
    let Some(report) = run("keep-open") else {
        return;
    };
    let name = "closes after Connection: close (RFC 9112 §9.6)";
    assert_verdict(&report, Verdict::Fail, &[&format!("FAILED {name}")]);
    assert!(detail(&report, name).contains("still open 5 s after"));
}

#[test]
fn a_server_dropping_a_pipelined_request_fails_that_check_only() {
    let Some(report) = run("drop-second") else {
        return;
    };
    let name = "pipelined GET /docs/notes.txt is 200";
    assert_verdict(&report, Verdict::Fail, &[&format!("FAILED {name}")]);
    let why = detail(&report, name);
    assert!(
        why.contains("no answer: the wait for one response (10 s"),
        "{why}"
    );
}

#[test]
fn a_server_hanging_up_without_a_byte_is_said_to_have_closed_before_answering() {
    let Some(report) = run("hang-up") else { return };
    let name = "GET /missing.html is 404";
    assert_verdict(&report, Verdict::Fail, &[&format!("FAILED {name}")]);
    let why = detail(&report, name);
    assert!(
        why.contains("closed the connection before answering (0 bytes came)"),
        "{why}"
    );
}

#[test]
fn a_server_that_dies_gets_each_request_failed_and_no_word_on_persistence() {
    let Some(report) = run("exit-on-head") else {
        return;
    };
    let failed = report.failed_checks();
    assert!(
        failed.contains(&"HEAD /style.css is 200") && failed.contains(&"refuses /../Cargo.toml"),
        "{}",
        report.render_plain()
    );
    let persistence = report.checks.iter().find(|c| {
        c.name.contains("keeps connections open") || c.name.contains("closes after every")
    });
    assert!(persistence.is_none(), "{}", report.render_plain());
}
