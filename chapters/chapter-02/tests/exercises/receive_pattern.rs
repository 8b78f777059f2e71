//! Tests of the `receive_pattern` exercise: the reader against harness
//! peers that chop, close, reset and stall, and every chunking of a stream.

use crate::common::{Chunks, Then, connect, sender};
use chapter_02::exercises::receive_pattern::{Ended, Pattern, PatternReader, ReceiveError};
use harness::failure::escape;
use harness::fault::FaultPlan;
use harness::strategies::{Bytes, Ending, chunked, line_stream};
use proptest::prelude::*;

fn reader_for(peer: &harness::peer::PeerHandle) -> PatternReader<std::net::TcpStream> {
    PatternReader::new(connect(peer), 1000)
}

/// The data of a receive that must succeed; a failure shows how it ended
/// and the partial data, escaped.
#[track_caller]
fn ok(result: Result<Vec<u8>, ReceiveError>) -> Vec<u8> {
    match result {
        Ok(data) => data,
        Err(e) => panic!(
            "the receive failed ({:?}) with the partial data \"{}\", where it should have succeeded",
            e.ended,
            escape(&e.partial)
        ),
    }
}

/// The error of a receive that must fail; a success shows what it returned,
/// escaped.
#[track_caller]
fn failed(result: Result<Vec<u8>, ReceiveError>) -> ReceiveError {
    match result {
        Ok(data) => panic!(
            "the receive returned \"{}\" ({} bytes), where it should have failed",
            escape(&data),
            data.len()
        ),
        Err(e) => e,
    }
}

#[test]
fn lines_chopped_to_one_byte() {
    let plan = FaultPlan::none().chop(1);
    let peer = sender(&[b"first line\r\nsecond\nthird"], plan, Then::Close);
    let mut r = reader_for(&peer);
    expect_eq!(ok(r.receive(Pattern::Line, b"")), b"first line");
    expect_eq!(ok(r.receive(Pattern::Line, b"")), b"second");
    let err = failed(r.receive(Pattern::Line, b""));
    expect_eq!(err.ended, Ended::Closed);
    expect_eq!(err.partial, b"third");
}

#[test]
fn crlf_split_across_writes() {
    let peer = sender(
        &[b"abc\r", b"\ndef\r", b"\n"],
        FaultPlan::none(),
        Then::Close,
    );
    let mut r = reader_for(&peer);
    expect_eq!(ok(r.receive(Pattern::Line, b"")), b"abc");
    expect_eq!(ok(r.receive(Pattern::Line, b"")), b"def");
    let err = failed(r.receive(Pattern::Line, b""));
    expect_eq!(err.ended, Ended::Closed);
    expect_eq!(err.partial, b"");
}

#[test]
fn bare_lf_and_empty_lines() {
    let peer = sender(&[b"one\ntwo\n\n"], FaultPlan::none().chop(2), Then::Close);
    let mut r = reader_for(&peer);
    for want in [&b"one"[..], b"two", b""] {
        expect_eq!(ok(r.receive(Pattern::Line, b"")), want);
    }
}

#[test]
fn eof_mid_line_returns_the_partial_line_after_the_prefix() {
    let peer = sender(&[b"half a li"], FaultPlan::none().chop(1), Then::Close);
    let err = failed(reader_for(&peer).receive(Pattern::Line, b"pre-"));
    expect_eq!(err.ended, Ended::Closed);
    expect_eq!(err.partial, b"pre-half a li");
}

#[test]
fn fixed_blocks_then_everything_until_close() {
    let plan = FaultPlan::none().chop_random(3).with_seed(7);
    let peer = sender(&[b"hello world, and\r\nthe rest"], plan, Then::Close);
    let mut r = reader_for(&peer);
    expect_eq!(ok(r.receive(Pattern::Bytes(5), b"")), b"hello");
    expect_eq!(ok(r.receive(Pattern::Bytes(1), b">")), b"> ");
    expect_eq!(ok(r.receive(Pattern::All, b"")), b"world, and\r\nthe rest");
}

#[test]
fn a_short_block_reports_what_came() {
    let peer = sender(&[b"abc"], FaultPlan::none(), Then::Close);
    let err = failed(reader_for(&peer).receive(Pattern::Bytes(10), b""));
    expect_eq!(err.ended, Ended::Closed);
    expect_eq!(err.partial, b"abc");
}

#[test]
fn reset_mid_line_is_reported_with_what_was_read() {
    let plan = FaultPlan::none().reset_after_bytes(5);
    let peer = sender(&[b"hello world\n"], plan, Then::Close);
    let err = failed(reader_for(&peer).receive(Pattern::Line, b""));
    expect_eq!(
        err.ended,
        Ended::Reset,
        "{}",
        peer.failure("expected a reset")
    );
    expect_eq!(err.partial, b"hello");
}

#[test]
fn over_long_lines_are_capped() {
    let long = [vec![b'x'; 100], b"\n".to_vec()].concat();
    let peer = sender(&[&long], FaultPlan::none(), Then::Close);
    let mut r = PatternReader::new(connect(&peer), 16);
    let err = failed(r.receive(Pattern::Line, b""));
    expect_eq!(err.ended, Ended::TooLong);
    expect_eq!(err.partial, vec![b'x'; 16]);
}

#[test]
fn a_timeout_returns_the_partial_data() {
    let peer = sender(&[b"slow"], FaultPlan::none(), Then::Hold);
    let stream = connect(&peer);
    stream
        .set_read_timeout(Some(std::time::Duration::from_millis(300)))
        .unwrap();
    let err = failed(PatternReader::new(stream, 1000).receive(Pattern::Line, b""));
    expect_eq!(err.ended, Ended::Timeout);
    expect_eq!(err.partial, b"slow");
}

/// Byte strings that proptest shows escaped in a failing input, not as
/// columns of decimal numbers.
fn readable(items: Vec<Vec<u8>>) -> Vec<Bytes> {
    items.into_iter().map(Bytes).collect()
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn same_lines_however_the_stream_is_chunked(
        (lines, chunks) in line_stream(Ending::Mixed, 12)
            .prop_flat_map(|(lines, stream)| (Just(lines), chunked(stream)))
            .prop_map(|(lines, chunks)| (readable(lines), readable(chunks)))
    ) {
        let chunks = chunks.into_iter().map(|c| c.0).collect();
        let mut r = PatternReader::new(Chunks::new(chunks), 1000);
        for line in &lines {
            prop_expect_eq!(ok(r.receive(Pattern::Line, b"")), line.as_slice());
        }
        let end = failed(r.receive(Pattern::Line, b""));
        prop_expect_eq!(end.ended, Ended::Closed);
        prop_expect_eq!(end.partial, b"");
    }
}
