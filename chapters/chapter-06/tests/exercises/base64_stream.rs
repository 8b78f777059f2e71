//! Tests of the `base64_stream` exercise (filter `base64_stream::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::chunks::{bytes_and_cuts, run_chunks, run_whole, split};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chapter_06::exercises::base64_stream::Base64Stream;
use proptest::prelude::*;

#[test]
fn pads_each_tail_length() {
    let enc = |s: &[u8]| run_whole(&mut Base64Stream::new(), s).unwrap();
    expect_eq!(enc(b""), b"");
    expect_eq!(enc(b"M"), b"TQ==");
    expect_eq!(enc(b"Ma"), b"TWE=");
    expect_eq!(enc(b"Man"), b"TWFu");
    expect_eq!(
        enc(b"Gabriel Garc\xeda M\xe1rquez"),
        b"R2FicmllbCBHYXJj7WEgTeFycXVleg=="
    );
}

#[test]
fn carries_leftover_bytes_between_chunks() {
    let chunks: [&[u8]; 5] = [b"M", b"", b"a", b"nM", b"a"];
    expect_eq!(
        run_chunks(&mut Base64Stream::new(), &chunks).unwrap(),
        b"TWFuTWE="
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn agrees_with_the_base64_crate_however_chunked((data, cuts) in bytes_and_cuts(400)) {
        let out = run_chunks(&mut Base64Stream::new(), &split(&data, &cuts)).unwrap();
        prop_expect_eq!(out, STANDARD.encode(&data).into_bytes());
    }
}
