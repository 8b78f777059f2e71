//! Line protocols: chapter 2's receive patterns, chapter 3's daytime
//! reply, chapter 4's connection buffer, chapter 9's echo session and
//! capped line reader (and chapter 1's): the same lines however the bytes
//! are cut.
//!
//! # Layout
//! [`TARGETS`]; `matches`, `patterns`; one function per target.

use std::io::BufReader;
use std::time::Duration;

use chapter_02::exercises::receive_pattern::PatternReader;
use chapter_02::pattern::{Match, Matcher, Pattern};
use chapter_04::conn::{Conn, Input};
use chapter_09::lines::{LineRead, read_line_capped};
use rand::Rng as _;

use super::Target;
use crate::check::{ChunkedStream, Outcome, chunks, reads, record, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, LINES};

/// The line-protocol targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "receive-matcher",
        "chapter 2's Matcher (*l, *a, N): same matches however the stream is cut",
        &[Kind::Lines],
        &[LINES, COMMON],
        matcher,
    ),
    Target::new(
        "receive-reader",
        "the receive_pattern solution over a chunked stream: cut-invariant",
        &[Kind::Lines],
        &[LINES, COMMON],
        reader,
    ),
    Target::new(
        "daytime-reply",
        "chapter 3's parse_reply returns printable text only; parse_seconds",
        &[Kind::Lines],
        &[LINES, COMMON],
        daytime,
    ),
    Target::new(
        "line-conn",
        "chapter 4's Conn line buffer: cut-invariant, capped",
        &[Kind::Lines],
        &[LINES, COMMON],
        conn,
    ),
    Target::new(
        "echo-session",
        "chapter 9's echo session: cut-invariant, one reply per line",
        &[Kind::Lines],
        &[LINES, COMMON],
        echo,
    ),
    Target::new(
        "capped-lines",
        "chapter 9's and chapter 1's capped line readers: cut-invariant",
        &[Kind::Lines, Kind::Mail],
        &[LINES, COMMON],
        capped,
    ),
];

/// The matches of a pattern sequence over `pieces`, stopping at a cap.
fn matches(pieces: &[&[u8]], patterns: &[Pattern]) -> Vec<Match> {
    let mut m = Matcher::new(64, 4096);
    let (mut out, mut i) = (Vec::new(), 0);
    // An empty first piece: a pattern may be decided before any byte came.
    for piece in std::iter::once(&b""[..]).chain(pieces.iter().copied()) {
        m.feed(piece);
        // Bounded: each Ready or TooLong moves to the next pattern.
        while let Some(&p) = patterns.get(i) {
            match m.next(p) {
                Match::Pending => break,
                Match::TooLong(t) => return [out, vec![Match::TooLong(t)]].concat(),
                ready => {
                    out.push(ready);
                    i += 1;
                }
            }
        }
    }
    if let Some(&p) = patterns.get(i) {
        out.push(Match::Ready(m.take_partial(p)));
    }
    out
}

fn patterns(rng: &mut Rng) -> Vec<Pattern> {
    (0..rng.random_range(1..64))
        .map(|_| match rng.random_range(0..6) {
            0 => Pattern::All,
            1 => Pattern::Bytes(rng.random_range(0..5000)),
            _ => Pattern::Line,
        })
        .collect()
}

fn matcher(input: &[u8], rng: &mut Rng) -> Outcome {
    let patterns = patterns(rng);
    let whole = matches(&[input], &patterns);
    let cut = matches(&chunks(rng, input), &patterns);
    same("matches, whole vs cut", &whole, &cut)?;
    for p in &patterns {
        same(
            "a pattern's spelling",
            &p.to_string().parse::<Pattern>(),
            &Ok(*p),
        )?;
    }
    Ok(())
}

fn reader(input: &[u8], rng: &mut Rng) -> Outcome {
    // A count over the reader's cap (64 times the line cap) fails at once
    // with whatever happens to be buffered, which depends on the cuts by
    // the exercise's contract; so counts stay within the cap here.
    let mut patterns = patterns(rng);
    for p in &mut patterns {
        if let Pattern::Bytes(n) = p {
            *n = (*n).min(64 * 64);
        }
    }
    let run = |pieces: &[&[u8]]| {
        let mut r = PatternReader::new(ChunkedStream::new(pieces), 64);
        let mut out = Vec::new();
        for &p in &patterns {
            let got = r.receive(p, b"pre:");
            let stop = got.is_err();
            out.push(got);
            if stop {
                break;
            }
        }
        out
    };
    same(
        "receives, whole vs cut",
        &run(&[input]),
        &run(&chunks(rng, input)),
    )
}

fn daytime(input: &[u8], _: &mut Rng) -> Outcome {
    if let Ok(text) = chapter_03::daytime::parse_reply(input) {
        let plain = text
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic());
        ensure!(plain && !text.is_empty(), "parse_reply accepted {text:?}");
    }
    if let Ok(d) = chapter_03::ask::parse_seconds(&String::from_utf8_lossy(input)) {
        ensure!(
            d > Duration::ZERO && d <= Duration::from_secs(3600),
            "parse_seconds gave {d:?}"
        );
    }
    Ok(())
}

/// Takes every line `c` has ready into `out`.
fn drain(c: &mut Conn, out: &mut Vec<u8>) {
    // Bounded: each pass takes a line out, or ends.
    loop {
        match c.next_line() {
            Input::Wait => break,
            Input::Line(line) => record(out, b'l', &line),
            Input::TooLong => record(out, b't', b""),
        }
    }
}

fn conn(input: &[u8], rng: &mut Rng) -> Outcome {
    // As chapter 4's loops drive it: read only while it wants to read (its
    // buffer holds at most a line), hand out every line in between.
    let run = |pieces: &[&[u8]]| {
        let (mut c, mut lines) = (Conn::default(), Vec::new());
        for piece in pieces {
            drain(&mut c, &mut lines);
            if !c.wants_read() {
                break;
            }
            c.feed(piece);
        }
        drain(&mut c, &mut lines);
        (lines, c.unsent().to_vec(), c.closing)
    };
    same(
        "lines, 4 KiB reads vs cut",
        &run(&reads(input, None)),
        &run(&reads(input, Some(rng))),
    )
}

fn echo(input: &[u8], rng: &mut Rng) -> Outcome {
    use chapter_09::exercises::echo_core::echo_session;
    let run = |pieces: &[&[u8]]| {
        let mut out = Vec::new();
        let n = echo_session(ChunkedStream::new(pieces), &mut out, &mut || {
            "12:00:00".into()
        });
        (n.map_err(|e| e.to_string()), out)
    };
    let whole = run(&[input]);
    same(
        "echo output, whole vs cut",
        &whole,
        &run(&chunks(rng, input)),
    )?;
    let lines = input.iter().filter(|&&b| b == b'\n').count() + 3;
    ensure!(
        whole.1.len() <= input.len() + 24 * lines + 128,
        "{} bytes out for {} in",
        whole.1.len(),
        input.len()
    );
    Ok(())
}

fn capped(input: &[u8], rng: &mut Rng) -> Outcome {
    let max = rng.random_range(0..200);
    let run = |pieces: &[&[u8]]| {
        let (mut a, mut b) = (
            BufReader::with_capacity(7, ChunkedStream::new(pieces)),
            Vec::new(),
        );
        // Bounded: each read consumes input; EOF ends it.
        loop {
            match read_line_capped(&mut a, max) {
                Ok(LineRead::Eof(rest)) => return (b, Some(rest)),
                Ok(LineRead::Line(line)) => record(&mut b, b'l', &line),
                Ok(LineRead::TooLong) => record(&mut b, b't', b""),
                Err(_) => return (b, None),
            }
        }
    };
    same(
        "capped lines, whole vs cut",
        &run(&[input]),
        &run(&chunks(rng, input)),
    )?;
    let ch01 = |pieces: &[&[u8]]| {
        let mut r = BufReader::with_capacity(5, ChunkedStream::new(pieces));
        let mut lines = Vec::new();
        while let Ok(Some(line)) = chapter_01::input::read_line(&mut r, max) {
            record(&mut lines, b'l', &line);
        }
        lines
    };
    same(
        "chapter 1's lines, whole vs cut",
        &ch01(&[input]),
        &ch01(&chunks(rng, input)),
    )
}
