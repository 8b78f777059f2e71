//! Tests of the `multiline` exercise (filter `multiline::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_08::exercises::multiline::{MAX_LINE, MultiLineError, read_multiline};
use harness::strategies::Bytes;
use proptest::prelude::*;

/// [`read_multiline`] with the data as [`Bytes`], which a failure prints as
/// escaped text (`b"x\n"`), not as a list of numbers.
fn read(buf: &[u8], max_total: usize) -> Result<Option<(Bytes, usize)>, MultiLineError> {
    read_multiline(buf, max_total).map(|reply| reply.map(|(data, used)| (Bytes(data), used)))
}

/// A complete reply as [`read`] gives it.
fn reply(data: &[u8], used: usize) -> Result<Option<(Bytes, usize)>, MultiLineError> {
    Ok(Some((Bytes(data.to_vec()), used)))
}

#[test]
fn reads_up_to_the_lone_dot_and_unstuffs() {
    let buf = b"line one\r\n..dot\r\n...two\r\n.\r\n+OK next";
    let (data, used) = read_multiline(buf, 1000).unwrap().unwrap();
    expect_eq!(data, b"line one\r\n.dot\r\n..two\r\n");
    expect_eq!(&buf[used..], b"+OK next");
}

#[test]
fn waits_for_the_final_line() {
    expect_eq!(read(b"a\r\nb\r\n", 1000), Ok(None));
    expect_eq!(read(b"a\r\n.", 1000), Ok(None));
    expect_eq!(read(b"", 1000), Ok(None));
}

#[test]
fn an_empty_reply_and_bare_lf() {
    expect_eq!(read(b".\r\n", 10), reply(b"", 3));
    expect_eq!(read(b"x\n.\n", 10), reply(b"x\n", 4));
}

#[test]
fn a_dot_inside_a_line_is_data() {
    let (data, _) = read_multiline(b" .\r\n.x.\r\n.\r\n", 100).unwrap().unwrap();
    expect_eq!(data, b" .\r\nx.\r\n");
}

#[test]
fn caps_lines_and_totals() {
    let long = vec![b'a'; MAX_LINE + 1];
    expect_eq!(read(&long, usize::MAX), Err(MultiLineError::LineTooLong));
    let mut line = vec![b'a'; MAX_LINE + 1];
    line.extend_from_slice(b"\r\n.\r\n");
    expect_eq!(read(&line, usize::MAX), Err(MultiLineError::LineTooLong));
    expect_eq!(
        read(b"0123456789\r\n.\r\n", 5),
        Err(MultiLineError::ReplyTooLong)
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    /// Stuffing any lines and reading them back gives them unchanged,
    /// and any prefix of the reply asks for more.
    #[test]
    fn round_trips_stuffed_lines(lines in proptest::collection::vec("[.a-z ]{0,20}", 0..12)) {
        let mut wire = Vec::new();
        let mut plain = Vec::new();
        for l in &lines {
            if l.starts_with('.') { wire.push(b'.'); }
            wire.extend_from_slice(l.as_bytes());
            wire.extend_from_slice(b"\r\n");
            plain.extend_from_slice(l.as_bytes());
            plain.extend_from_slice(b"\r\n");
        }
        wire.extend_from_slice(b".\r\n");
        prop_expect_eq!(read(&wire, usize::MAX), reply(&plain, wire.len()));
        for cut in 0..wire.len() {
            prop_expect_eq!(read(&wire[..cut], usize::MAX), Ok(None), "the first {cut} bytes of the reply");
        }
    }
}
