//! The quoted-printable encoder is linear in its input, whatever the input:
//! runs of spaces and tabs once cost a scan of the rest of the chunk per
//! byte (one 256 KiB chunk of spaces took 20 s).
//!
//! A linear encoder does 4 MiB in tens of milliseconds even in a debug
//! build; the quadratic one needs minutes for one 1 MiB chunk and seconds
//! for 4 MiB in 2 KiB blocks. So each run gets a deadline far above the
//! first and far below the second, and the test fails at the deadline
//! instead of waiting for a slow encoder to finish.

use std::time::Duration;

use chapter_06::ltn12::{Filter, transform};
use chapter_06::mime::{QpDecoder, QpEncoder, QpMode};
use harness::hostile;

const MIB: usize = 1024 * 1024;
/// Generous: 50 times what a debug build needs on a slow, shared machine.
const DEADLINE: Duration = Duration::from_secs(5);

/// The inputs that were slow: white space in long runs.
fn inputs(len: usize) -> Vec<(&'static str, Vec<u8>)> {
    let mut spaces_then_crlf = vec![b' '; len - 2];
    spaces_then_crlf.extend_from_slice(b"\r\n");
    vec![
        ("spaces", vec![b' '; len]),
        ("tabs", vec![b'\t'; len]),
        ("space/tab", b" \t".repeat(len / 2)),
        ("spaces then CRLF", spaces_then_crlf),
        (
            "lines of spaces",
            [&[b' '; 998][..], b"\r\n"].concat().repeat(len / 1000),
        ),
    ]
}

/// Encodes `input` fed in chunks of `block` bytes.
fn encode_in(input: &[u8], block: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut qp = QpEncoder::new(QpMode::Text);
    for chunk in input.chunks(block) {
        qp.filter(Some(chunk), &mut out).unwrap();
    }
    qp.filter(None, &mut out).unwrap();
    out
}

fn round_trips(name: &str, input: &[u8], encoded: &[u8]) {
    let decoded = transform(encoded, QpDecoder::default()).unwrap();
    assert!(decoded == input, "{name}: does not round-trip");
}

#[test]
fn four_mib_of_white_space_in_default_blocks_is_linear() {
    for (name, input) in inputs(4 * MIB) {
        let encoded = hostile::within_deadline(name, DEADLINE, {
            let input = input.clone();
            move || transform(&input, QpEncoder::new(QpMode::Text)).unwrap()
        });
        round_trips(name, &input, &encoded);
    }
}

#[test]
fn one_mib_of_white_space_in_one_chunk_is_linear() {
    for (name, input) in inputs(MIB) {
        let (one, blocks) = hostile::within_deadline(name, DEADLINE, {
            let input = input.clone();
            move || {
                let blocks = transform(&input, QpEncoder::new(QpMode::Text)).unwrap();
                (encode_in(&input, input.len()), blocks)
            }
        });
        assert!(one == blocks, "{name}: one chunk and 2 KiB blocks differ");
        round_trips(name, &input, &one);
    }
}

/// The fast paths give what the byte-at-a-time path gives.
#[test]
fn white_space_encodes_the_same_however_it_is_split() {
    for (name, input) in inputs(64 * 1024) {
        let one = encode_in(&input, input.len());
        for block in [1, 2, 3, 997] {
            assert!(encode_in(&input, block) == one, "{name}: blocks of {block}");
        }
    }
}
