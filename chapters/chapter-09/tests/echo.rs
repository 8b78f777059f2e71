//! The echo service's core: exact bytes of each reply (the golden tier), a
//! whole scripted session without sockets, capped lines, and the property
//! that the output does not depend on how the input is split into reads.

mod common;

use std::io::{self, BufReader, Read};

use chapter_09::echo::{EchoSession, MAX_LINE, Reply, serve};
use chapter_09::lines::{LineRead, read_line_capped};
use common::fixed_clock;
use harness::strategies::{Ending, chunked, line_stream};
use proptest::prelude::*;

#[test]
fn session_bytes() {
    let mut s = EchoSession::default();
    assert_eq!(
        s.greeting("09:40:56"),
        b"Rust echo server opening / 09:40:56\r\n"
    );
    assert_eq!(
        s.on_line(b"hi there", "x"),
        Reply::Echo(b"hi there\r\n".to_vec())
    );
    assert_eq!(
        s.on_line(b"", "09:41:08"),
        Reply::Close(b"Rust echo server closing / 09:41:08\r\n".to_vec())
    );
    assert_eq!(s.echoed(), 1);
}

fn session(input: &[u8]) -> (String, chapter_09::echo::Summary) {
    let mut out = Vec::new();
    let summary = serve(input, &mut out, &mut fixed_clock("12:00:00")).unwrap();
    (String::from_utf8(out).unwrap(), summary)
}

#[test]
fn a_scripted_session() {
    let (out, summary) = session(b"first\r\nsecond\n\r\nafter the end\r\n");
    assert_eq!(
        out,
        "Rust echo server opening / 12:00:00\r\nfirst\r\nsecond\r\nRust echo server closing / 12:00:00\r\n"
    );
    assert_eq!((summary.echoed, summary.by_empty_line), (2, true));
}

#[test]
fn end_of_input_closes_too() {
    let (out, summary) = session(b"unterminated\r");
    assert!(
        out.ends_with("unterminated\r\nRust echo server closing / 12:00:00\r\n"),
        "{out}"
    );
    assert_eq!((summary.echoed, summary.by_empty_line), (1, false));
}

#[test]
fn an_endless_line_is_refused_without_buffering_it() {
    // 10 MiB without a newline, then a real line: memory use stays at the cap.
    let endless = io::repeat(b'z').take(10 << 20).chain(&b"\nok\n\n"[..]);
    let mut out = Vec::new();
    let summary = serve(BufReader::new(endless), &mut out, &mut fixed_clock("t")).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(&format!(
            "error: line longer than {MAX_LINE} bytes, dropped\r\nok\r\n"
        )),
        "{out}"
    );
    assert_eq!((summary.refused, summary.echoed), (1, 1));
}

#[test]
fn capped_lines() {
    let mut input = &b"12345\r\n123456\nabc"[..];
    assert_eq!(
        read_line_capped(&mut input, 5).unwrap(),
        LineRead::Line(b"12345".to_vec())
    );
    assert_eq!(read_line_capped(&mut input, 5).unwrap(), LineRead::TooLong);
    assert_eq!(
        read_line_capped(&mut input, 5).unwrap(),
        LineRead::Eof(b"abc".to_vec())
    );
    assert_eq!(
        read_line_capped(&mut input, 5).unwrap(),
        LineRead::Eof(vec![])
    );
}

/// A reader that returns the given chunks one read at a time.
struct Chunks(std::collections::VecDeque<Vec<u8>>);

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // An empty read would mean end of input: skip empty chunks.
        let Some(mut chunk) = std::iter::from_fn(|| self.0.pop_front()).find(|c| !c.is_empty())
        else {
            return Ok(0);
        };
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        if n < chunk.len() {
            self.0.push_front(chunk.split_off(n));
        }
        Ok(n)
    }
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn same_output_however_the_input_is_split(
        (lines, chunks) in line_stream(Ending::Mixed, 12).prop_flat_map(|(lines, stream)| (Just(lines), chunked(stream)))
    ) {
        let whole: Vec<u8> = chunks.concat();
        let (expected, _) = session(&whole);
        let mut out = Vec::new();
        let reader = BufReader::with_capacity(3, Chunks(chunks.into_iter().collect()));
        serve(reader, &mut out, &mut fixed_clock("12:00:00")).unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), expected.clone());
        // And it is the echo of the lines up to the first empty one.
        let echoed: String = lines.iter().take_while(|l| !l.is_empty())
            .map(|l| format!("{}\r\n", String::from_utf8_lossy(l))).collect();
        prop_assert!(expected.contains(&echoed));
    }
}
