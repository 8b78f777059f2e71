//! Tests of the `qp_soft_breaks` exercise (filter `qp_soft_breaks::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::chunks::{bytes_and_cuts, run_chunks, run_whole, split};
use chapter_06::exercises::qp_soft_breaks::QpSoftBreaks;
use proptest::prelude::*;

fn enc(s: &[u8]) -> Vec<u8> {
    run_whole(&mut QpSoftBreaks::new(), s).unwrap()
}

#[test]
fn quotes_what_is_not_printable() {
    expect_eq!(
        enc(b"Gabriel Garc\xeda M\xe1rquez"),
        b"Gabriel Garc=EDa M=E1rquez"
    );
    expect_eq!(enc(b"a=b\r\n"), b"a=3Db=0D=0A");
    expect_eq!(
        enc(b"end \t"),
        b"end =09",
        "only the very last white space is quoted"
    );
}

#[test]
fn breaks_lines_at_76_columns_without_splitting_escapes() {
    let out = enc(&[b'x'; 80]);
    expect_eq!(out, [&[b'x'; 75][..], b"=\r\n", &[b'x'; 5]].concat());
    let out = enc(&[[b'x'; 74].as_slice(), b"\xff"].concat());
    expect_eq!(out, [&[b'x'; 74][..], b"=\r\n=FF"].concat());
}

#[test]
fn held_white_space_survives_a_chunk_border() {
    let chunks: [&[u8]; 3] = [b"a ", b"", b"b "];
    expect_eq!(
        run_chunks(&mut QpSoftBreaks::new(), &chunks).unwrap(),
        b"a b=20"
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn decodes_back_and_keeps_lines_short((data, cuts) in bytes_and_cuts(400)) {
        let out = run_chunks(&mut QpSoftBreaks::new(), &split(&data, &cuts)).unwrap();
        prop_expect_eq!(&out, &enc(&data), "chunking changed the output");
        for line in out.split(|&b| b == b'\n') {
            prop_assert!(line.len() <= 77, "line longer than 76 + CR");
        }
        let back = quoted_printable::decode(&out, quoted_printable::ParseMode::Strict);
        prop_expect_eq!(back.unwrap(), data);
    }
}
