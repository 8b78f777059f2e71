//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries): `select-server` passes on every engine and matches its
//! recorded reference, `chat-server` too, and a server doing another job
//! (the echo session) fails, so the case can tell.

use std::time::Duration;

use conform::Session;

/// A session running the chapter binary `bin` with `args`.
fn session(bin: &str, args: &[&str]) -> Session {
    Session::for_bin(bin, args, Duration::from_secs(30))
}

#[test]
fn server_02_passes_select_server_on_every_engine() {
    for engine in ["poll", "coroutine", "tokio"] {
        let args = ["127.0.0.1", "{port}", "--quiet", "--engine", engine];
        session("server_02", &args).assert_passes("select-server");
    }
}

#[test]
fn an_echo_server_fails_select_server() {
    let args = ["127.0.0.1", "{port}", "--echo", "--quiet"];
    session("server_02", &args)
        .report("select-server")
        .assert_fails();
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
    session("chat_server", &args).assert_passes("chat-server");
}

#[test]
fn an_open_room_fails_chat_server() {
    // Without accounts the wrong password is accepted.
    session("chat_server", &["127.0.0.1", "{port}"])
        .report("chat-server")
        .assert_fails();
}
