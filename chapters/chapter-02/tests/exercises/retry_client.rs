//! Tests of the `retry_client` exercise: refused, retried until the server
//! appears, reset, closed and timed-out answers.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use chapter_02::exercises::retry_client::{ClientError, Retry, connect_with_retry, request};
use harness::echo::{EchoOptions, start_with};
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
    let mut retries = Vec::new();
    let err = connect_with_retry(addr, &RETRY, &mut |n, _| retries.push(n)).unwrap_err();
    assert!(
        matches!(err, ClientError::Refused { attempts: 3, .. }),
        "{err:?}"
    );
    expect_eq!(retries, [1, 2], "on_retry is called before each pause");
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
    .unwrap();
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
            peer.failure(&format!("expected a reset, got {other:?}"))
        ),
    }
    assert!(err.to_string().contains("reset"), "{err}");
}

#[test]
fn a_close_mid_answer_is_reported_with_what_came() {
    let peer = echo_with(FaultPlan::none().close_after_bytes(3), vacant_any());
    let err = request(peer.addr(), b"hello\r\n", &RETRY, TIMEOUT, &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(&err, ClientError::Closed { partial, .. } if partial == b"hel"),
        "{err:?}"
    );
}

#[test]
fn a_silent_server_times_out() {
    // Two 1 s pauses before the echo: the client gives up after 300 ms.
    let peer = echo_with(FaultPlan::none().delay(1000, false), vacant_any());
    let short = Duration::from_millis(300);
    let err = request(peer.addr(), b"hello\n", &RETRY, short, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, ClientError::TimedOut { .. }), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

fn vacant_any() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}
