//! Tests of the `eol_crlf` exercise (filter `eol_crlf::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::chunks::{bytes_and_cuts, run_chunks, run_whole, split};
use chapter_06::exercises::eol_crlf::CrlfNormalizer;
use proptest::prelude::*;

#[test]
fn every_kind_of_line_end_becomes_crlf() {
    let out = run_whole(&mut CrlfNormalizer::new(), b"unix\ndos\r\nmac\rend").unwrap();
    expect_eq!(out, b"unix\r\ndos\r\nmac\r\nend");
    let out = run_whole(&mut CrlfNormalizer::new(), b"\n\n\r\r\n\r").unwrap();
    expect_eq!(out, b"\r\n\r\n\r\n\r\n\r\n");
}

#[test]
fn crlf_split_across_chunks_is_one_line_end() {
    let chunks: [&[u8]; 3] = [b"a\r", b"\nb\r", b"\n"];
    expect_eq!(
        run_chunks(&mut CrlfNormalizer::new(), &chunks).unwrap(),
        b"a\r\nb\r\n"
    );
    let chunks: [&[u8]; 3] = [b"a\r", b"", b"\nb"];
    expect_eq!(
        run_chunks(&mut CrlfNormalizer::new(), &chunks).unwrap(),
        b"a\r\nb"
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn same_output_however_chunked((data, cuts) in bytes_and_cuts(400)) {
        let whole = run_whole(&mut CrlfNormalizer::new(), &data).unwrap();
        let chunked = run_chunks(&mut CrlfNormalizer::new(), &split(&data, &cuts)).unwrap();
        prop_expect_eq!(&chunked, &whole);
        // Normalized text is already normal.
        prop_expect_eq!(run_whole(&mut CrlfNormalizer::new(), &whole).unwrap(), whole);
    }
}
