//! The chapter's conformance cases through the harness's runner (what
//! `workbook conform` does): `inetd-echo` passes with `echo_stdio` and with a
//! Lua version of the seed's echo service, and fails for programs that break
//! the protocol; `serialize` passes with our `serialize --dump` and with Lua
//! 5.1 itself loading the corpus.

use std::time::Duration;

use conform::Session;
use conform::report::{Report, Verdict};
use harness::real::available;

/// Runs `case` against `argv`, started in the workbook's root.
fn check(case: &str, argv: &[&str]) -> Report {
    let mut session = Session::for_test(argv, Duration::from_secs(30));
    session.program.cwd = Some(session.root.clone());
    session.check(case).unwrap()
}

fn failures(report: &Report) -> String {
    format!("{report:#?}")
}

#[test]
fn inetd_echo_passes_with_echo_stdio() {
    let report = check("inetd-echo", &[env!("CARGO_BIN_EXE_echo_stdio")]);
    assert_eq!(report.verdict, Verdict::Pass, "{}", failures(&report));
}

#[test]
fn inetd_echo_passes_with_a_lua_echo_service() {
    if !available("Lua 5.1", &["lua5.1", "-v"]) {
        return;
    }
    let report = check(
        "inetd-echo",
        &["lua5.1", "chapters/chapter-09/fixtures/echo.lua"],
    );
    assert_eq!(report.verdict, Verdict::Pass, "{}", failures(&report));
}

#[test]
fn inetd_echo_fails_programs_that_break_the_protocol() {
    // No greeting: `cat` only echoes.
    let report = check("inetd-echo", &["cat"]);
    assert_eq!(report.verdict, Verdict::Fail);
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.name.contains("greeting") && !c.detail.is_empty())
    );
    // A greeting without the time, and bare LF echoes.
    let report = check("inetd-echo", &["sh", "-c", "echo hello; exec cat"]);
    assert_eq!(report.verdict, Verdict::Fail);
    // Right words, but it never exits at the empty line.
    let script = "echo \"open / $(date +%T)\"; exec cat";
    let report = check("inetd-echo", &["sh", "-c", script]);
    assert_eq!(report.verdict, Verdict::Fail, "{}", failures(&report));
}

#[test]
fn serialize_corpus_passes_with_our_reader() {
    let report = check("serialize", &[env!("CARGO_BIN_EXE_serialize"), "--dump"]);
    assert_eq!(report.verdict, Verdict::Pass, "{}", failures(&report));
}

#[test]
fn serialize_corpus_passes_with_lua_itself() {
    if !available("Lua 5.1", &["lua5.1", "-v"]) {
        return;
    }
    let report = check(
        "serialize",
        &["lua5.1", "chapters/chapter-09/fixtures/dump.lua", "whole"],
    );
    assert_eq!(report.verdict, Verdict::Pass, "{}", failures(&report));
}
