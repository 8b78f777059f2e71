//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries): `select-server` passes on every engine and matches its
//! recorded reference, `chat-server` too, and a server doing another job
//! (the echo session) fails, so the case can tell.

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
fn server_02_passes_select_server_on_every_engine() {
    for engine in ["poll", "coroutine", "tokio"] {
        let args = ["127.0.0.1", "{port}", "--quiet", "--engine", engine];
        let report = conform("select-server", "server_02", &args);
        assert!(report.verdict.passed(), "{engine}: {}", report.render());
        assert!(report.diff.is_none(), "{engine}: {}", report.render());
    }
}

#[test]
fn an_echo_server_fails_select_server() {
    let report = conform(
        "select-server",
        "server_02",
        &["127.0.0.1", "{port}", "--echo", "--quiet"],
    );
    assert!(!report.verdict.passed(), "{}", report.render());
}

#[test]
fn chat_server_passes_chat_server() {
    let args = [
        "127.0.0.1",
        "{port}",
        "--user",
        "ann:pw1",
        "--user",
        "bob:pw2",
    ];
    let report = conform("chat-server", "chat_server", &args);
    assert!(report.verdict.passed(), "{}", report.render());
    assert!(report.diff.is_none(), "{}", report.render());
}

#[test]
fn an_open_room_fails_chat_server() {
    // Without accounts the wrong password is accepted.
    let report = conform("chat-server", "chat_server", &["127.0.0.1", "{port}"]);
    assert!(!report.verdict.passed(), "{}", report.render());
}
