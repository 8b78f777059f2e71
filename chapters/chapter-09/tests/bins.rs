//! The chapter's programs as processes. `echo_stdio` runs on plain stdin and
//! under the harness's super-server (the inetd peer), spoken to over TCP,
//! also with writes split to single bytes and with a client that resets;
//! `stream_client` talks to it through a program; `serialize` prints the
//! demo shown in the book (`fixtures/serialize_demo.out`), reads literals
//! back, and refuses code and over-limit input with a plain error.

use std::io::{Read, Write};
use std::net::Shutdown;
use std::time::Duration;

use harness::inetd::{Inetd, Service, start};
use harness::peer::client::{connect, read_to_close};
use harness::proc::{assert_every_help, bin};
use predicates::prelude::*;

/// The super-server running `echo_stdio` with a fixed time.
fn echo_server() -> Inetd {
    let mut service = Service::new("echo", vec![env!("CARGO_BIN_EXE_echo_stdio").into()]);
    service
        .env
        .push(("ECHO_STDIO_TIME".into(), "09:40:56".into()));
    start("127.0.0.1:0".parse().unwrap(), service).unwrap()
}

const OPEN: &str = "Rust echo server opening / 09:40:56\r\n";
const CLOSE: &str = "Rust echo server closing / 09:40:56\r\n";

#[test]
fn every_binary_has_help() {
    assert_every_help(&["echo_stdio", "super_server", "stream_client", "serialize"]);
}

#[test]
#[cfg(not(unix))]
fn super_server_says_it_needs_unix() {
    bin("super_server")
        .args(["--port", "0", "--", "echo_stdio"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("needs a Unix system").and(predicate::str::contains("WSL")),
        );
}

#[test]
fn echo_stdio_on_a_terminal_like_stdin() {
    bin("echo_stdio")
        .args(["--time", "10:00:00"])
        .write_stdin("hello\nworld\r\n\nnot echoed\n")
        .assert()
        .success()
        .stdout("Rust echo server opening / 10:00:00\r\nhello\r\nworld\r\nRust echo server closing / 10:00:00\r\n")
        .stderr("");
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "the super-server passes sockets as stdin/stdout: Unix only"
)]
fn echo_stdio_under_the_super_server() {
    let inetd = echo_server();
    let mut s = connect(inetd.addr()).unwrap();
    s.write_all(b"Hello\r\nagain\r\n\r\n").unwrap();
    let (all, err) = read_to_close(&mut s, 4096);
    assert!(err.is_none(), "{err:?}");
    assert_eq!(
        String::from_utf8(all).unwrap(),
        format!("{OPEN}Hello\r\nagain\r\n{CLOSE}")
    );
    assert!(inetd.wait_finished(1, Duration::from_secs(20)));
    assert_eq!(inetd.log()[0].status, Some(0));
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "the super-server passes sockets as stdin/stdout: Unix only"
)]
fn echo_stdio_with_writes_split_to_single_bytes() {
    let inetd = echo_server();
    let mut s = connect(inetd.addr()).unwrap();
    s.set_nodelay(true).unwrap();
    for b in b"split\r\nup\r\n\r\n" {
        s.write_all(&[*b]).unwrap();
    }
    let (all, _) = read_to_close(&mut s, 4096);
    assert_eq!(
        String::from_utf8(all).unwrap(),
        format!("{OPEN}split\r\nup\r\n{CLOSE}")
    );
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "the super-server passes sockets as stdin/stdout: Unix only"
)]
fn echo_stdio_survives_a_client_that_vanishes() {
    let inetd = echo_server();
    let mut s = connect(inetd.addr()).unwrap();
    let mut greeting = [0u8; 10];
    s.read_exact(&mut greeting).unwrap();
    // Reset (RST) instead of a clean close: SO_LINGER 0 then close.
    socket2::SockRef::from(&s)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(s);
    assert!(inetd.wait_finished(1, Duration::from_secs(20)));
    let entry = &inetd.log()[0];
    assert!(!entry.killed, "the program had to be killed: {entry:?}");
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "the super-server passes sockets as stdin/stdout: Unix only"
)]
fn echo_stdio_serves_clients_at_once() {
    let inetd = echo_server();
    let mut a = connect(inetd.addr()).unwrap();
    let mut b = connect(inetd.addr()).unwrap();
    b.write_all(b"from b\n\n").unwrap();
    a.write_all(b"from a\n").unwrap();
    a.shutdown(Shutdown::Write).unwrap();
    assert_eq!(
        String::from_utf8(read_to_close(&mut b, 4096).0).unwrap(),
        format!("{OPEN}from b\r\n{CLOSE}")
    );
    assert_eq!(
        String::from_utf8(read_to_close(&mut a, 4096).0).unwrap(),
        format!("{OPEN}from a\r\n{CLOSE}")
    );
}

#[test]
fn stream_client_pipes_through_a_program() {
    bin("stream_client")
        .args(["--line", "one", "--line", "two", "--line", "", "--"])
        .arg(env!("CARGO_BIN_EXE_echo_stdio"))
        .env("ECHO_STDIO_TIME", "10:39:31")
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stdout(
            "Rust echo server opening / 10:39:31\none\ntwo\nRust echo server closing / 10:39:31\n",
        );
}

#[test]
fn stream_client_sends_its_stdin_lines() {
    bin("stream_client")
        .args(["--stdin", "--", "cat"])
        .write_stdin("a\nb\n")
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stdout("a\nb\n");
}

#[test]
fn stream_client_reports_a_failing_or_missing_program() {
    bin("stream_client")
        .args(["--", "false"])
        .timeout(Duration::from_secs(30))
        .assert()
        .failure()
        .stderr(predicate::str::contains("ended with exit status: 1"));
    bin("stream_client")
        .args(["--", "/no/such/program"])
        .timeout(Duration::from_secs(30))
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot run"));
    bin("stream_client")
        .args(["--timeout", "1", "--", "sleep", "60"])
        .timeout(Duration::from_secs(30))
        .assert()
        .failure()
        .stderr(predicate::str::contains("killed after 1 s"));
}

#[test]
fn serialize_demo_prints_what_the_book_shows() {
    let out = bin("serialize").assert().success();
    harness::golden::assert_golden("fixtures/serialize_demo.out", &out.get_output().stdout);
}

#[test]
fn serialize_reads_and_rewrites() {
    bin("serialize")
        .args(["--read"])
        .write_stdin("return { 'a', b = { true, 0x10 }, -- note\n [\"c d\"] = 1/0 }")
        .assert()
        .success()
        .stdout("{\"a\",b={true,16},[\"c d\"]=1/0}\n");
    bin("serialize")
        .args(["--read", "--pretty"])
        .write_stdin("{1,{}}")
        .assert()
        .success()
        .stdout("{\n  1,\n  {},\n}\n");
}

#[test]
fn serialize_refuses_code_and_limits_with_a_plain_message() {
    bin("serialize")
        .arg("--read")
        .write_stdin("{ x = io.open('/etc/passwd') }")
        .assert()
        .failure()
        .stdout("")
        .stderr("serialize: stdin is not a Lua data literal: line 1, column 7: `io` is a name, not a value: looking it up would be running code, and data never runs\n");
    bin("serialize")
        .args(["--dump", "--max-depth", "3"])
        .write_stdin("{{{{}}}}")
        .assert()
        .failure()
        .stderr(predicate::str::contains("nested deeper than 3 levels"));
    bin("serialize")
        .args(["--read", "--max-bytes", "4"])
        .write_stdin("{1,2,3}")
        .assert()
        .failure()
        .stderr(predicate::str::contains("input larger than 4 bytes"));
}
