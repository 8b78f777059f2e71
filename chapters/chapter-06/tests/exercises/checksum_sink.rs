//! Tests of the `checksum_sink` exercise (filter `checksum_sink::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_06::exercises::checksum_sink::ChecksumSink;
use chapter_06::ltn12::source::BytesSource;
use chapter_06::ltn12::{Sink, pump_all};

#[test]
fn known_fnv1a_values() {
    let mut sink = ChecksumSink::new();
    expect_eq!(sink.digest(), 0xcbf2_9ce4_8422_2325);
    sink.put(Some(b"a")).unwrap();
    sink.put(None).unwrap();
    expect_eq!((sink.bytes(), sink.digest()), (1, 0xaf63_dc4c_8601_ec8c));
    assert!(sink.is_finished());
}

#[test]
fn block_size_does_not_change_the_checksum() {
    let data: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
    // Every block size must give the byte count and the digest of the whole.
    let mut digest = None;
    for block in [20_000, 1, 7, 2048] {
        let mut sink = ChecksumSink::new();
        pump_all(&mut BytesSource::with_block_size(&data, block), &mut sink).unwrap();
        assert!(sink.is_finished());
        let whole = *digest.get_or_insert(sink.digest());
        expect_eq!(
            (sink.bytes(), sink.digest()),
            (10_000, whole),
            "(bytes, digest) read in blocks of {block} bytes"
        );
    }
}

#[test]
fn refuses_data_after_the_end() {
    let mut sink = ChecksumSink::new();
    sink.put(None).unwrap();
    let late = sink.put(Some(b"late")).map_err(|_| "refused");
    expect_eq!(late, Err("refused"), "data after the end");
    expect_eq!(sink.bytes(), 0, "data after the end is not counted");
}
