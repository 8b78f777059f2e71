//! Tests of the `deadline` exercise: the arithmetic at fixed instants, and
//! a peer that trickles one byte every 100 ms.

use std::time::{Duration, Instant};

use crate::common::{Then, connect, sender};
use chapter_02::exercises::deadline::{Ended, MIN_WAIT, TotalDeadline, read_line_within};
use harness::fault::FaultPlan;

const S: Duration = Duration::from_secs(1);

#[test]
fn remaining_time_counts_down_to_none() {
    let t0 = Instant::now();
    let d = TotalDeadline::new(t0, 5 * S);
    expect_eq!(d.remaining(t0), Some(5 * S));
    expect_eq!(d.remaining(t0 + 2 * S), Some(3 * S));
    expect_eq!(d.remaining(t0 + 5 * S), None);
    expect_eq!(d.remaining(t0 + 6 * S), None);
}

#[test]
fn the_wait_is_the_smaller_of_block_and_what_is_left() {
    let t0 = Instant::now();
    let d = TotalDeadline::new(t0, 5 * S);
    expect_eq!(d.wait(t0, Some(S)), Some(S));
    expect_eq!(d.wait(t0 + 4 * S + S / 2, Some(S)), Some(S / 2));
    expect_eq!(d.wait(t0, None), Some(5 * S));
    expect_eq!(
        d.wait(t0 + 5 * S - Duration::from_micros(100), None),
        Some(MIN_WAIT)
    );
    expect_eq!(d.wait(t0 + 5 * S, Some(S)), None);
}

#[test]
fn a_slow_peer_hits_the_total_timeout_not_the_block_one() {
    // One byte every 100 ms: each read is quick, the whole line is not.
    let line = b"a line that trickles in, one byte at a time\n";
    let plan = FaultPlan::none().chop(1).delay(100, false);
    let peer = sender(&[line], plan, Then::Hold);
    let mut stream = connect(&peer);
    let err = read_line_within(&mut stream, Some(5 * S), S / 2, 1000).unwrap_err();
    expect_eq!(
        err.ended,
        Ended::Timeout,
        "{}",
        peer.failure("expected a timeout")
    );
    assert!(err.partial.len() < line.len() && line.starts_with(&err.partial));
}

#[test]
fn a_quick_line_arrives_and_nothing_after_it_is_consumed() {
    let peer = sender(&[b"quick\r\nnext\n"], FaultPlan::none(), Then::Hold);
    let mut stream = connect(&peer);
    expect_eq!(
        read_line_within(&mut stream, None, 5 * S, 100).unwrap(),
        b"quick\r\n"
    );
    expect_eq!(
        read_line_within(&mut stream, None, 5 * S, 100).unwrap(),
        b"next\n"
    );
}

#[test]
fn a_close_mid_line_returns_what_came() {
    let peer = sender(&[b"half"], FaultPlan::none(), Then::Close);
    let err = read_line_within(&mut connect(&peer), Some(S), 5 * S, 100).unwrap_err();
    expect_eq!(
        (err.ended, err.partial.as_slice()),
        (Ended::Closed, &b"half"[..])
    );
}
