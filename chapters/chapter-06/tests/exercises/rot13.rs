//! Tests of the `rot13` exercise (filter `rot13::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::chunks::{bytes_and_cuts, run_chunks, split};
use chapter_06::exercises::rot13::{Rot13Filter, rot13_byte, rot13_chunk};
use chapter_06::ltn12::transform;
use proptest::prelude::*;

#[test]
fn rotates_the_alphabet() {
    expect_eq!(
        rot13_chunk(b"abcdefghijklmnopqrstuvwxyz"),
        b"nopqrstuvwxyzabcdefghijklm"
    );
    expect_eq!(
        rot13_chunk(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        b"NOPQRSTUVWXYZABCDEFGHIJKLM"
    );
}

#[test]
fn leaves_everything_else_alone() {
    for byte in (0..=255u8).filter(|b| !b.is_ascii_alphabetic()) {
        expect_eq!([rot13_byte(byte)], [byte], "{byte:#04x} must not change");
    }
}

#[test]
fn works_through_the_seed_transform() {
    expect_eq!(
        transform(b"Tbbq yhpx!", Rot13Filter).unwrap(),
        b"Good luck!"
    );
    expect_eq!(transform(b"", Rot13Filter).unwrap(), b"");
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn is_its_own_inverse(data in harness::strategies::bytes(0..512)) {
        prop_expect_eq!(rot13_chunk(&rot13_chunk(&data)), data);
    }

    #[test]
    fn same_output_however_chunked((data, cuts) in bytes_and_cuts(512)) {
        let out = run_chunks(&mut Rot13Filter, &split(&data, &cuts)).unwrap();
        prop_expect_eq!(out, rot13_chunk(&data));
    }
}
