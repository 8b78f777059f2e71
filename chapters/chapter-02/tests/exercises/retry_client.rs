//! Tests of the `retry_client` exercise: refused, retried until the server
//! appears, reset, closed and timed-out answers.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use chapter_02::exercises::retry_client::{ClientError, Retry, connect_with_retry, request};
use harness::echo::{EchoOptions, start_with};
use harness::failure::escape;
use harness::fault::FaultPlan;

const RETRY: Retry = Retry {
    attempts: 3,
    backoff: Duration::from_millis(20),
    connect_timeout: Duration::from_secs(5),
};
const TIMEOUT: Duration = Duration::from_secs(5);

/// An address nothing listens on: bound, then released.
fn vacant() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn echo_with(plan: FaultPlan, bind: SocketAddr) -> harness::peer::PeerHandle {
    start_with(EchoOptions {
        bind,
        plan,
        ..EchoOptions::default()
    })
    .unwrap()
}

#[test]
fn refused_after_every_attempt_says_so() {
    let addr = vacant();
    let mut calls = Vec::new();
    let err = connect_with_retry(addr, &RETRY, &mut |n, _| {
        calls.push(format!("on_retry({n})"))
    })
    .unwrap_err();
    assert!(
        matches!(err, ClientError::Refused { attempts: 3, .. }),
        "{err:?}"
    );
    expect_eq!(
        calls,
        ["on_retry(1)", "on_retry(2)"],
        "on_retry is called before each pause: 3 attempts, 2 calls"
    );
    let text = err.to_string();
    assert!(
        text.contains("refused") && text.contains(&addr.to_string()),
        "{text}"
    );
}

#[test]
fn retries_until_the_server_appears() {
    let addr = vacant();
    let mut peer = None;
    let mut start_peer = |_: u32, _: &io::Error| {
        peer.get_or_insert_with(|| echo_with(FaultPlan::none(), addr));
    };
    let answer = request(
        addr,
        b"are you there?\r\n",
        &RETRY,
        TIMEOUT,
        &mut start_peer,
    )
    .unwrap_or_else(|e| {
        panic!(
            "the request failed ({e}), where it should have succeeded: the server starts \
             when on_retry is first called, so only a client that tries again reaches it"
        )
    });
    expect_eq!(answer, b"are you there?\r\n");
}

#[test]
fn a_reset_mid_answer_is_reported_with_what_came() {
    let peer = echo_with(FaultPlan::none().reset_after_bytes(4), vacant_any());
    let err = request(peer.addr(), b"hello\r\n", &RETRY, TIMEOUT, &mut |_, _| {}).unwrap_err();
    match &err {
        ClientError::Reset { partial, .. } => expect_eq!(partial, b"hell"),
        other => panic!(
            "{}",
            peer.failure(&format!("expected a reset, got: {other}"))
        ),
    }
    assert!(err.to_string().contains("reset"), "{err}");
}

#[test]
fn a_close_mid_answer_is_reported_with_what_came() {
    let peer = echo_with(FaultPlan::none().close_after_bytes(3), vacant_any());
    let err = request(peer.addr(), b"hello\r\n", &RETRY, TIMEOUT, &mut |_, _| {}).unwrap_err();
    match &err {
        ClientError::Closed { partial, .. } => expect_eq!(partial, b"hel"),
        other => panic!(
            "{}",
            peer.failure(&format!("expected a close, got: {other}"))
        ),
    }
}

#[test]
fn a_silent_server_times_out() {
    // Two 1 s pauses before the echo: the client gives up after 300 ms.
    let peer = echo_with(FaultPlan::none().delay(1000, false), vacant_any());
    let short = Duration::from_millis(300);
    let err = match request(peer.addr(), b"hello\n", &RETRY, short, &mut |_, _| {}) {
        Ok(answer) => panic!(
            "the answer \"{}\" came after the server's pause, but the timeout was {short:?}: \
             is a read timeout set on the connected socket?",
            escape(&answer)
        ),
        Err(e) => e,
    };
    assert!(
        matches!(err, ClientError::TimedOut { .. }),
        "expected a timeout, got: {err}"
    );
    assert!(err.to_string().contains("timed out"), "{err}");
}

/// A listener whose accept queue is full: backlog 0, one connection
/// waiting in it, never accepted. Linux drops the SYN of any further
/// connect, so that connect times out (it is not refused).
fn full_listener() -> (socket2::Socket, std::net::TcpStream, SocketAddr) {
    use socket2::{Domain, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.bind(&vacant_any().into()).unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let queued = std::net::TcpStream::connect(addr).unwrap();
    (listener, queued, addr)
}

#[test]
fn a_connect_that_times_out_is_not_retried() {
    let (_listener, _queued, addr) = full_listener();
    // Linux and the BSDs drop a connection to a full listener, so the
    // connect times out; Windows refuses it, which leaves nothing to test.
    let probe = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200));
    if !matches!(&probe, Err(e) if e.kind() == std::io::ErrorKind::TimedOut) {
        harness::real::skip(&format!(
            "a connection to a full listener does not time out here ({probe:?})"
        ));
        return;
    }
    let quick = Retry {
        connect_timeout: Duration::from_millis(200),
        ..RETRY
    };
    let mut calls = Vec::new();
    let err = connect_with_retry(addr, &quick, &mut |n, e| {
        calls.push(format!("on_retry({n}, {:?})", e.kind()))
    })
    .unwrap_err();
    expect_eq!(
        calls,
        Vec::<String>::new(),
        "only a refused connection is retried, not a connect that timed out"
    );
    assert!(
        matches!(err, ClientError::TimedOut { .. }),
        "expected a timeout, got: {err}"
    );
}

fn vacant_any() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}
