//! Tests of the `dot_stuff` exercise (filter `dot_stuff::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_06::ltn12::{Filter, transform};
use chapter_07::exercises::dot_stuff::SmtpData;
use chapter_07::smtp::data::encode_data;
use harness::strategies::split_at;
use proptest::prelude::*;

fn run(chunks: &[&[u8]]) -> Vec<u8> {
    let mut f = SmtpData::new();
    let mut out = Vec::new();
    for c in chunks {
        f.filter(Some(c), &mut out).unwrap();
    }
    f.filter(None, &mut out).unwrap();
    out
}

#[test]
fn doubles_leading_dots_and_ends_with_a_dot_line() {
    expect_eq!(run(&[b"hello\r\n"]), b"hello\r\n.\r\n");
    expect_eq!(run(&[b".hidden\r\n"]), b"..hidden\r\n.\r\n");
    expect_eq!(run(&[b"a\r\n.\r\nb.c\r\n"]), b"a\r\n..\r\nb.c\r\n.\r\n");
}

#[test]
fn finishes_an_unfinished_line_and_handles_empty_input() {
    expect_eq!(run(&[b"no newline"]), b"no newline\r\n.\r\n");
    expect_eq!(run(&[]), b".\r\n");
    expect_eq!(transform(b"x\r\n", SmtpData::new()).unwrap(), b"x\r\n.\r\n");
}

#[test]
fn a_crlf_and_its_dot_may_arrive_in_three_chunks() {
    expect_eq!(run(&[b"a\r", b"\n", b".b\r\n"]), b"a\r\n..b\r\n.\r\n");
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn same_as_the_library_however_it_is_chunked(
        lines in prop::collection::vec("[.a-z]{0,6}", 0..10),
        cuts in prop::collection::vec(0usize..80, 0..6),
    ) {
        let message = lines.join("\r\n");
        let chunks = split_at(message.as_bytes(), &cuts);
        let refs: Vec<&[u8]> = chunks.iter().map(|c| c.as_slice()).collect();
        prop_expect_eq!(run(&refs), encode_data(message.as_bytes()).unwrap());
    }
}
