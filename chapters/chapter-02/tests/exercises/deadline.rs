//! Tests of the `deadline` exercise: the arithmetic at fixed instants, and
//! a peer that trickles one byte every 100 ms.

use std::time::{Duration, Instant};

use crate::common::{Then, connect, sender};
use chapter_02::exercises::deadline::{
    Ended, MIN_WAIT, ReceiveError, TotalDeadline, read_line_within,
};
use harness::failure::escape;
use harness::fault::FaultPlan;

const S: Duration = Duration::from_secs(1);

/// The line of a read that must succeed; a failure shows how it ended and
/// the partial data, escaped.
#[track_caller]
fn ok(result: Result<Vec<u8>, ReceiveError>) -> Vec<u8> {
    match result {
        Ok(line) => line,
        Err(e) => panic!(
            "read_line_within failed ({:?}) with the partial data \"{}\", where it should have returned a line",
            e.ended,
            escape(&e.partial)
        ),
    }
}

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
    // One byte every 100 ms: each read is quick, the whole line (1.6 s) is
    // not, and the total timeout is 500 ms.
    let line = b"trickling in...\n";
    let plan = FaultPlan::none().chop(1).delay(100, false);
    let peer = sender(&[line], plan, Then::Hold);
    let mut stream = connect(&peer);
    let started = Instant::now();
    let err = match read_line_within(&mut stream, Some(5 * S), S / 2, 1000) {
        Ok(got) => panic!(
            "read_line_within returned the line \"{}\" after {:?}, but the total timeout was {:?}: \
             is the deadline fixed once, at the start, and checked before every read?",
            escape(&got),
            started.elapsed(),
            S / 2
        ),
        Err(e) => e,
    };
    expect_eq!(
        err.ended,
        Ended::Timeout,
        "{}",
        peer.failure("expected a timeout")
    );
    assert!(
        err.partial.len() < line.len() && line.starts_with(&err.partial),
        "the partial data \"{}\" is not the start of the line \"{}\"",
        escape(&err.partial),
        escape(line)
    );
}

#[test]
fn a_quick_line_arrives_and_nothing_after_it_is_consumed() {
    let peer = sender(&[b"quick\r\nnext\n"], FaultPlan::none(), Then::Hold);
    let mut stream = connect(&peer);
    expect_eq!(
        ok(read_line_within(&mut stream, None, 5 * S, 100)),
        b"quick\r\n"
    );
    expect_eq!(
        ok(read_line_within(&mut stream, None, 5 * S, 100)),
        b"next\n"
    );
}

#[test]
fn a_close_mid_line_returns_what_came() {
    let peer = sender(&[b"half"], FaultPlan::none(), Then::Close);
    let err = match read_line_within(&mut connect(&peer), Some(S), 5 * S, 100) {
        Ok(got) => panic!(
            "read_line_within returned \"{}\", but the peer closed before an LF",
            escape(&got)
        ),
        Err(e) => e,
    };
    expect_eq!(err.ended, Ended::Closed);
    expect_eq!(err.partial, b"half");
}
