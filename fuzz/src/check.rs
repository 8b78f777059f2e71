//! What the targets share: the verdict type, comparisons that say what
//! differed, random chunkings of an input, and in-memory streams that hand
//! out bytes in those chunks.
//!
//! # Layout
//! [`Outcome`], the [`ensure!`](crate::ensure) macro, [`same`], [`shown`],
//! [`chunks`], [`reads`], [`split_two`], [`ChunkedStream`];
//! [`passwords`] and [`no_secret_shown`] for the secret checks;
//! [`record`].

use std::collections::VecDeque;
use std::fmt::Debug;
use std::io::{self, BufRead, Read, Write};

use rand::Rng;

use crate::make::Rng as FuzzRng;

/// A target's verdict on one input: `Err` says which property failed.
pub type Outcome = Result<(), String>;

/// Fails the input with a formatted message unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Longest `Debug` text a failure message quotes.
const SHOWN: usize = 300;

/// `value`'s `Debug` form, cut to a readable length.
pub fn shown(value: &impl Debug) -> String {
    let text = format!("{value:?}");
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}… ({} chars)", &text[..cut], text.chars().count()),
        None => text,
    }
}

/// Fails unless `a == b`, saying what `what` is and where the two values'
/// `Debug` forms first differ (with some context either side).
pub fn same<T: PartialEq + Debug + ?Sized>(what: &str, a: &T, b: &T) -> Outcome {
    if a == b {
        return Ok(());
    }
    let (a, b) = (format!("{a:?}"), format!("{b:?}"));
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let window = |s: &str| {
        let (mut start, mut end) = (at.saturating_sub(SHOWN / 3), (at + SHOWN).min(s.len()));
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        while !s.is_char_boundary(end) {
            end += 1;
        }
        let more = if end < s.len() { "…" } else { "" };
        format!(
            "{}{}{more}",
            if start > 0 { "…" } else { "" },
            &s[start..end]
        )
    };
    Err(format!(
        "{what} (differing at char {at}):\n    {}\n  vs {}",
        window(&a),
        window(&b)
    ))
}

/// `data` cut into pieces that concatenate back to it, in one of several
/// styles: single bytes, tiny pieces (empty ones included), random
/// sizes, or a few cuts. Large inputs get no piece under a thousandth of
/// their length, so a 4 MiB input is not 4 million calls.
pub fn chunks<'a>(rng: &mut FuzzRng, data: &'a [u8]) -> Vec<&'a [u8]> {
    let floor = data.len() / 1000;
    let style = rng.random_range(0..4);
    let mut out = Vec::new();
    let mut rest = data;
    // Bounded: every pass takes a byte, or pushes one of at most four
    // empty chunks.
    let mut empties = 0;
    while !rest.is_empty() {
        let n = match style {
            0 => 1,
            1 => rng.random_range(0..=8),
            2 => rng.random_range(1..=rest.len()),
            _ => match rng.random_range(0..3) {
                0 => rest.len(),
                _ => rng.random_range(1..=rest.len()),
            },
        };
        let mut n = n.max(floor).min(rest.len());
        if n == 0 {
            empties += 1;
            if empties > 4 {
                n = 1;
            }
        }
        out.push(&rest[..n]);
        rest = &rest[n..];
    }
    out
}

/// The passwords a TOML text holds: the values of `password = "…"` lines
/// (of 4 bytes or more) that appear on no other line, where they would be
/// no secret.
pub fn passwords(text: &str) -> Vec<&str> {
    fn value(line: &str) -> Option<&str> {
        let rest = line.trim_start().strip_prefix("password")?.trim_start();
        rest.strip_prefix('=')?
            .trim()
            .strip_prefix('"')?
            .split('"')
            .next()
    }
    let is_password = |l: &str| l.trim_start().starts_with("password");
    // Each value once: a file of a thousand accounts repeats a few
    // passwords, and each is looked for in every line below.
    let values: std::collections::BTreeSet<&str> = (text.lines())
        .filter(|l| is_password(l))
        .filter_map(value)
        .filter(|v| v.len() >= 4)
        .collect();
    values
        .into_iter()
        .filter(|v| !text.lines().any(|l| l.contains(*v) && !is_password(l)))
        .collect()
}

/// Fails if `shown` (an error, a log line) contains one of `secrets`.
pub fn no_secret_shown(shown: &str, secrets: &[&str]) -> Outcome {
    match secrets.iter().find(|s| shown.contains(**s)) {
        Some(s) => Err(format!("the output shows the password {s:?}: {shown}")),
        None => Ok(()),
    }
}

/// Appends one result to a compact record of many (a tag byte, a length,
/// the bytes): a million empty lines kept as `Vec`s would weigh more than
/// the input they came from, and count against the target's heap bound.
pub fn record(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// `data` as a driver reads it: pieces of at most 4096 bytes (the read
/// buffer of chapter 4's loops and chapter 7's and 8's clients), cut at
/// random too when `rng` is given.
pub fn reads<'a>(data: &'a [u8], rng: Option<&mut FuzzRng>) -> Vec<&'a [u8]> {
    match rng {
        None => data.chunks(4096).collect(),
        Some(rng) => chunks(rng, data)
            .into_iter()
            .flat_map(|c| c.chunks(4096))
            .collect(),
    }
}

/// Splits an input into two parts for targets that take two arguments: at
/// the first tab (dropped), else at a random point.
pub fn split_two<'a>(rng: &mut FuzzRng, data: &'a [u8]) -> (&'a [u8], &'a [u8]) {
    match data.iter().position(|&b| b == b'\t') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(rng.random_range(0..=data.len())),
    }
}

/// A stream that reads out given chunks (one per `read`, however large the
/// caller's buffer) and swallows what is written to it: a peer that sends
/// a script, cut as the network might cut it.
#[derive(Debug, Default)]
pub struct ChunkedStream {
    chunks: VecDeque<Vec<u8>>,
    front: usize,
    /// Everything written to the stream.
    pub written: Vec<u8>,
}

impl ChunkedStream {
    /// A stream whose reads return `chunks` in order, then EOF.
    pub fn new(chunks: &[&[u8]]) -> Self {
        ChunkedStream {
            chunks: chunks.iter().map(|c| c.to_vec()).collect(),
            front: 0,
            written: Vec::new(),
        }
    }
}

impl Read for ChunkedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.fill_buf()?[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ChunkedStream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        // An empty chunk would read as EOF: skip it.
        while self.chunks.front().is_some_and(|c| self.front >= c.len()) {
            self.chunks.pop_front();
            self.front = 0;
        }
        Ok(self.chunks.front().map_or(&[][..], |c| &c[self.front..]))
    }

    fn consume(&mut self, n: usize) {
        self.front += n;
    }
}

impl Write for ChunkedStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
