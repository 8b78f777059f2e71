//! The chapter's conformance cases through the harness's runner (what
//! `workbook conform` does): `inetd-echo` passes with `echo_stdio` and with a
//! Lua version of the seed's echo service, and fails for programs that break
//! the protocol; `serialize` passes with our `serialize --dump` and with Lua
//! 5.1 itself loading the corpus.

use std::time::Duration;

use conform::Session;
use harness::real::available;

/// A session running `argv`, started in the workbook's root.
fn session(argv: &[&str]) -> Session {
    let mut session = Session::for_test(argv, Duration::from_secs(30));
    session.program.cwd = Some(session.root.clone());
    session
}

#[test]
fn inetd_echo_passes_with_echo_stdio() {
    session(&[env!("CARGO_BIN_EXE_echo_stdio")]).assert_passes("inetd-echo");
}

#[test]
fn inetd_echo_passes_with_a_lua_echo_service() {
    if !available("Lua 5.1", &["lua5.1", "-v"]) {
        return;
    }
    session(&["lua5.1", "chapters/chapter-09/fixtures/echo.lua"]).assert_passes("inetd-echo");
}

#[test]
fn inetd_echo_fails_programs_that_break_the_protocol() {
    // No greeting: `cat` only echoes.
    let report = session(&["cat"]).report("inetd-echo");
    assert!(
        report
            .assert_fails()
            .checks
            .iter()
            .any(|c| c.name.contains("greeting") && !c.detail.is_empty()),
        "{}",
        report.render_plain()
    );
    // A greeting without the time, and bare LF echoes.
    let greeting_only = ["sh", "-c", "echo hello; exec cat"];
    session(&greeting_only).report("inetd-echo").assert_fails();
    // Right words, but it never exits at the empty line.
    let script = "echo \"open / $(date +%T)\"; exec cat";
    session(&["sh", "-c", script])
        .report("inetd-echo")
        .assert_fails();
}

#[test]
fn serialize_corpus_passes_with_our_reader() {
    session(&[env!("CARGO_BIN_EXE_serialize"), "--dump"]).assert_passes("serialize");
}

#[test]
fn serialize_corpus_passes_with_lua_itself() {
    if !available("Lua 5.1", &["lua5.1", "-v"]) {
        return;
    }
    session(&["lua5.1", "chapters/chapter-09/fixtures/dump.lua", "whole"])
        .assert_passes("serialize");
}
