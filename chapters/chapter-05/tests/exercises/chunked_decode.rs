use chapter_05::chunked::encode;
use chapter_05::exercises::chunked_decode::{ChunkError, ChunkedDecoder};
use harness::strategies::{Bytes, chunked};
use proptest::prelude::*;

fn decode_all(input: &[u8]) -> Result<(Vec<u8>, usize, bool), ChunkError> {
    let mut decoder = ChunkedDecoder::new();
    let mut out = Vec::new();
    let used = decoder.feed(input, &mut out)?;
    Ok((out, used, decoder.is_done()))
}

#[test]
fn decodes_chunks_extensions_and_trailers() {
    let body = b"4\r\nWiki\r\n5;name=x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
    let (out, used, done) = decode_all(body).unwrap();
    expect_eq!(out, b"Wikipedia in\r\n\r\nchunks.");
    assert!(done);
    expect_eq!(&body[used..], b"NEXT");
}

#[test]
fn is_not_done_before_the_last_chunk() {
    let (out, used, done) = decode_all(b"3\r\nabc\r\n").unwrap();
    expect_eq!(out, b"abc");
    expect_eq!(used, 8);
    expect_eq!(
        done,
        false,
        "is_done() after a chunk, before the zero-size one"
    );
}

#[test]
fn refuses_malformed_bodies() {
    expect_eq!(decode_all(b"zz\r\n"), Err(ChunkError::BadSize));
    expect_eq!(decode_all(b"\r\n"), Err(ChunkError::BadSize));
    expect_eq!(decode_all(b"3\r\nabcX\r\n"), Err(ChunkError::MissingCrlf));
    expect_eq!(
        decode_all(b"ffffffffffffffffff\r\n"),
        Err(ChunkError::BadSize)
    );
    let long = vec![b'1'; 5000];
    expect_eq!(decode_all(&long), Err(ChunkError::LineTooLong));
}

/// Only SP and HTAB may follow the size's digits (RFC 9112 §7.1), not any
/// character Unicode calls a space.
#[test]
fn only_blanks_may_follow_a_size() {
    expect_eq!(decode_all(b"5\x0b\r\nhello\r\n"), Err(ChunkError::BadSize));
    expect_eq!(
        decode_all("5\u{3000}\r\nhello\r\n".as_bytes()),
        Err(ChunkError::BadSize)
    );
    let (out, _, done) = decode_all(b"5 \t\r\nhello\r\n0\r\n\r\n").unwrap();
    expect_eq!(out, b"hello");
    expect_eq!(done, true);
}

/// A body, and its chunked encoding (chunks of a random size) split anyhow,
/// the pieces as [`Bytes`] so a failing input shows them escaped, not as
/// columns of decimal numbers.
fn encoded_and_split() -> impl Strategy<Value = (Bytes, Vec<Bytes>)> {
    (harness::strategies::bytes(0..400), 1usize..50).prop_flat_map(|(body, size)| {
        let pieces: Vec<&[u8]> = body.chunks(size).collect();
        let encoded = encode(&pieces);
        (
            Just(body),
            chunked(encoded).prop_map(|split| split.into_iter().map(Bytes).collect()),
        )
    })
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config_with_cases(64))]

    /// Whatever the chunk sizes and however the encoded bytes are split,
    /// the body comes out whole.
    #[test]
    fn round_trips_however_split((body, split) in encoded_and_split()) {
        let mut decoder = ChunkedDecoder::new();
        let mut out = Vec::new();
        for piece in &split {
            prop_expect_eq!(decoder.feed(piece, &mut out), Ok(piece.len()));
        }
        prop_assert!(decoder.is_done());
        prop_expect_eq!(out, body);
    }
}
