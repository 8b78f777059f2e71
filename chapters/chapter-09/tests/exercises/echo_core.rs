//! Tests of the `echo_core` exercise (filter `echo_core::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::common::fixed_clock;
use chapter_09::exercises::echo_core::{TOO_LONG, echo_session};
use proptest::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufReader, Read, Write};
use std::rc::Rc;

fn run(input: &[u8]) -> (String, usize) {
    let mut out = Vec::new();
    let n = echo_session(input, &mut out, &mut fixed_clock("09:40:56")).unwrap();
    (String::from_utf8(out).unwrap(), n)
}

const OPEN: &str = "Rust echo server opening / 09:40:56\r\n";
const CLOSE: &str = "Rust echo server closing / 09:40:56\r\n";

#[test]
fn greets_echoes_and_closes_at_the_empty_line() {
    let (out, n) = run(b"hello\r\nsecond line\r\n\r\nnot read\r\n");
    expect_eq!(out, format!("{OPEN}hello\r\nsecond line\r\n{CLOSE}"));
    expect_eq!(n, 2);
}

#[test]
fn answers_bare_lf_lines_with_crlf() {
    let (out, _) = run(b"one\ntwo\n\n");
    expect_eq!(out, format!("{OPEN}one\r\ntwo\r\n{CLOSE}"));
}

#[test]
fn closes_at_end_of_input_and_keeps_a_last_unterminated_line() {
    expect_eq!(run(b"").0, format!("{OPEN}{CLOSE}"));
    let (out, n) = run(b"a\r\nlast\r");
    expect_eq!(out, format!("{OPEN}a\r\nlast\r\n{CLOSE}"));
    expect_eq!(n, 2);
}

#[test]
fn refuses_an_over_long_line_and_goes_on() {
    let mut input = vec![b'x'; chapter_09::echo::MAX_LINE + 10];
    input.extend_from_slice(b"\r\nok\r\n\r\n");
    let (out, n) = run(&input);
    let too_long = String::from_utf8(TOO_LONG.to_vec()).unwrap();
    expect_eq!(out, format!("{OPEN}{too_long}ok\r\n{CLOSE}"));
    expect_eq!(n, 1);
}

/// Output that buffers until flushed; input that counts every read made
/// while replies were still sitting unflushed.
#[derive(Default)]
struct Wire {
    unflushed: Vec<u8>,
    sent: Vec<u8>,
    reads_while_unflushed: usize,
}
struct Out(Rc<RefCell<Wire>>);
struct In(Rc<RefCell<Wire>>, VecDeque<&'static [u8]>);

impl Write for Out {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().unflushed.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        let mut w = self.0.borrow_mut();
        let pending = std::mem::take(&mut w.unflushed);
        w.sent.extend(pending);
        Ok(())
    }
}

impl Read for In {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.0.borrow().unflushed.is_empty() {
            self.0.borrow_mut().reads_while_unflushed += 1;
        }
        let Some(line) = self.1.pop_front() else {
            return Ok(0);
        };
        buf[..line.len()].copy_from_slice(line);
        Ok(line.len())
    }
}

#[test]
fn flushes_every_reply_before_reading_on() {
    let wire = Rc::new(RefCell::new(Wire::default()));
    let input = In(
        wire.clone(),
        VecDeque::from([&b"a\r\n"[..], b"b\r\n", b"\r\n"]),
    );
    echo_session(
        BufReader::new(input),
        Out(wire.clone()),
        &mut fixed_clock("01:02:03"),
    )
    .unwrap();
    let w = wire.borrow();
    expect_eq!(
        w.reads_while_unflushed,
        0,
        "a reply was still buffered when the next read started: the client would wait for it forever"
    );
    assert!(w.unflushed.is_empty(), "the closing line was never flushed");
    assert!(w.sent.ends_with(b"closing / 01:02:03\r\n"));
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn echoes_any_lines_in_order(lines in prop::collection::vec("[ -~]{1,40}", 0..20), crlf: bool) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let input: String = lines.iter().map(|l| format!("{l}{eol}")).collect::<String>() + eol;
        let (out, n) = run(input.as_bytes());
        let echoed: String = lines.iter().map(|l| format!("{}\r\n", l.trim_end_matches('\r'))).collect();
        prop_expect_eq!(out, format!("{OPEN}{echoed}{CLOSE}"));
        prop_expect_eq!(n, lines.len());
    }
}
