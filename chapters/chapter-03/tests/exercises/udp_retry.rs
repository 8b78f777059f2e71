//! Tests of the `udp_retry` exercise (filter `udp_retry::`).

use crate::common::{connected_to, requests_within, wait_requests, within};
use chapter_03::exercises::udp_retry::{Retry, RetryError, request_with_retries};
use harness::daytime::{self, DaytimeOptions, UdpFaults, fixed_clock};
use harness::fault::FaultPlan;
use harness::peer_assert;
use std::time::Duration;

/// The default seed: with 60% loss it loses the first two answers and
/// sends the third. `WORKBOOK_SEED` replays another draw.
const SEED: u64 = 7;

fn lossy(rate: f64) -> harness::peer::PeerHandle {
    let seed = FaultPlan::seed_from_env_or(SEED);
    daytime::start_with(DaytimeOptions {
        udp: UdpFaults::loss(seed, rate),
        clock: fixed_clock(daytime::TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap()
}

#[test]
fn a_reliable_server_answers_the_first_request() {
    let peer = daytime::start();
    let socket = connected_to(peer.addr());
    let retry = Retry {
        timeout: Duration::from_secs(5),
        attempts: 3,
    };
    let (reply, attempts) = request_with_retries(&socket, b"time?", retry).unwrap();
    expect_eq!(reply, b"Wednesday, March 14, 2007 15:09:26-UTC\r\n");
    expect_eq!(attempts, 1);
}

#[test]
fn retries_until_a_lossy_server_answers() {
    let peer = lossy(0.6);
    let socket = connected_to(peer.addr());
    // Long enough that an answer is never late, even on a loaded machine.
    let retry = Retry {
        timeout: Duration::from_secs(1),
        attempts: 40,
    };
    // Two lost answers take two timeouts; a `recv` without one waits for
    // the first lost answer forever. (Unwrapped outside `within`, where a
    // panic would read as a block.)
    let (reply, attempts) = within(Duration::from_millis(3500), move || {
        request_with_retries(&socket, b"time?", retry)
    })
    .unwrap();
    expect_eq!(reply, b"Wednesday, March 14, 2007 15:09:26-UTC\r\n");
    let seen = wait_requests(&peer, attempts as usize);
    peer_assert!(
        peer,
        seen == attempts as usize,
        "sent {attempts} requests, the peer saw {seen}"
    );
    if FaultPlan::seed_from_env_or(SEED) == SEED {
        peer_assert!(
            peer,
            attempts == 3,
            "expected 3 attempts with seed {SEED}, got {attempts}"
        );
    }
}

#[test]
fn gives_up_after_the_last_attempt() {
    let peer = lossy(1.0);
    let socket = connected_to(peer.addr());
    let retry = Retry {
        timeout: Duration::from_millis(100),
        attempts: 3,
    };
    match request_with_retries(&socket, b"time?", retry) {
        Err(RetryError::NoAnswer { attempts: 3 }) => {}
        other => panic!(
            "{}",
            peer.failure(&format!("expected NoAnswer after 3, got {other:?}"))
        ),
    }
    // Every request was sent before the last timeout: a short wait suffices.
    let seen = requests_within(&peer, 3, Duration::from_secs(1));
    peer_assert!(
        peer,
        seen == 3,
        "expected exactly 3 requests, the peer saw {seen}"
    );
}

#[test]
fn reports_at_once_when_nothing_listens() {
    // A port that was bound a moment ago and is free now: the kernel
    // answers with ICMP port unreachable, seen as ConnectionRefused.
    let gone = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let socket = connected_to(gone);
    let retry = Retry {
        timeout: Duration::from_secs(5),
        attempts: 3,
    };
    match request_with_retries(&socket, b"time?", retry) {
        Err(RetryError::Io(e)) => expect_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused),
        other => panic!("expected ConnectionRefused, got {other:?}"),
    }
}
