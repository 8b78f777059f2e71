//! Tests of the `socket_client` exercise (filter `socket_client::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::common::within;
use chapter_09::exercises::socket_client::converse_tcp;
use harness::inetd::{Inetd, Service, start};
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

const T: Duration = Duration::from_secs(10);

fn serve(argv: &[&str]) -> Inetd {
    let mut service = Service::new("test", argv.iter().map(|s| s.to_string()).collect());
    service
        .env
        .push(("ECHO_STDIO_TIME".into(), "10:39:31".into()));
    start("127.0.0.1:0".parse().unwrap(), service).unwrap()
}

#[test]
fn talks_to_the_echo_service_like_client_03() {
    let inetd = serve(&[env!("CARGO_BIN_EXE_echo_stdio")]);
    let lines = vec!["Hello".to_string(), "again".into(), "".into()];
    expect_eq!(
        converse_tcp(inetd.addr(), lines, T).unwrap(),
        [
            "Rust echo server opening / 10:39:31",
            "Hello",
            "again",
            "Rust echo server closing / 10:39:31"
        ]
    );
}

#[test]
fn half_closes_so_the_server_sees_the_end() {
    // `cat` only exits (and closes) when its input ends.
    let inetd = serve(&["cat"]);
    let lines = vec!["a".to_string(), "b".into()];
    // A short timeout: without the half-close the client waits for an end
    // that never comes, and fails quickly with the timeout's error kind.
    let replies = converse_tcp(inetd.addr(), lines, Duration::from_secs(2));
    expect_eq!(
        replies.map_err(|e| e.kind()),
        Ok(vec!["a".to_string(), "b".into()]),
        "cat ends its output only when its input ends"
    );
}

#[test]
fn a_silent_server_is_a_timeout_not_a_hang() {
    let inetd = serve(&["sleep", "60"]);
    let addr = inetd.addr();
    // A 1 s timeout: the client must give up after about that long, well
    // within the 3 s this test waits (a read without a timeout waits for
    // the 60 s the server sleeps).
    let result = within(Duration::from_secs(3), move || {
        converse_tcp(addr, vec!["hello?".into()], Duration::from_secs(1)).map_err(|e| e.kind())
    })
    .expect(
        "no result within 3 s from a silent server: the client blocked reading (no read timeout?)",
    );
    assert!(
        result.is_err(),
        "a silent server gave {result:?}, not a timeout"
    );
}

#[test]
fn a_closed_port_is_an_error() {
    let addr: SocketAddr = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    assert!(converse_tcp(addr, vec![], T).is_err());
}
