//! pop3-server: TOP and UIDL are optional (RFC 1939 §7), so a server
//! without them passes with warnings that say so.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, detail, program, python, report};

fn run(mode: &str) -> Option<conform::report::Report> {
    if !python() {
        return None;
    }
    let server = program("pop3_server.py");
    Some(report("pop3-server", &[PYTHON, &server, mode]))
}

#[test]
fn a_small_python_pop3_server_passes() {
    let Some(report) = run("good") else { return };
    assert_verdict(&report, Verdict::Pass, &[]);
}

#[test]
fn a_server_without_the_optional_commands_passes_with_warnings() {
    let Some(report) = run("no-top") else { return };
    let expected = [
        "NON-STRICT TOP 1 0 sends the headers and the blank line",
        "NON-STRICT answers UIDL",
    ];
    assert_verdict(&report, Verdict::PassWithWarnings, &expected);
    let why = detail(&report, "answers UIDL");
    assert!(why.contains("RFC 1939 §7"), "{why}");
}
