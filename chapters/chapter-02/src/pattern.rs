//! LuaSocket's receive patterns as a sans-I/O matcher.
//!
//! TCP delivers a stream of bytes with no boundaries: one `write` of ten
//! bytes may arrive as ten reads of one byte, and two writes may arrive as
//! one read. A *receive pattern* says where the next piece of the stream
//! ends:
//!
//! - [`Pattern::Line`] (`*l`): up to the next LF. The LF is not returned and
//!   every CR is dropped, so `"hi\r\n"` and `"hi\n"` both give `"hi"`.
//! - [`Pattern::All`] (`*a`): everything until the peer closes.
//! - [`Pattern::Bytes`] (a number): exactly that many bytes.
//!
//! [`Matcher`] holds the bytes received so far and answers "is the pattern
//! complete?" without touching a socket, so it is tested with plain byte
//! slices and reused by every driver (the blocking one is
//! [`crate::stream::Stream`]). Every buffer is capped: a line longer than
//! [`Matcher::max_line`] and a block or an `*a` larger than
//! [`Matcher::max_block`] end in [`Match::TooLong`] instead of growing memory
//! without bound.
//!
//! Layout: [`Pattern`] (with parsing from LuaSocket's spelling), [`Match`],
//! [`Matcher`].

use std::fmt;
use std::str::FromStr;

/// Default longest line: 8 KiB. RFC 5321 (SMTP) allows 1000 bytes per line
/// and HTTP servers commonly cap header lines at 8 KiB; a line protocol that
/// needs more is rare.
pub const MAX_LINE: usize = 8 * 1024;
/// Default largest `*a` or fixed-size block: 16 MiB.
pub const MAX_BLOCK: usize = 16 << 20;

/// How much of the stream the next receive returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The next line, LF-terminated; the LF is removed and every CR dropped.
    Line,
    /// Everything until the peer closes the connection.
    All,
    /// Exactly this many bytes.
    Bytes(usize),
}

impl FromStr for Pattern {
    type Err = String;

    /// Parses LuaSocket's spelling: `*l`, `*a`, or a byte count.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "*l" | "l" => Ok(Pattern::Line),
            "*a" | "a" => Ok(Pattern::All),
            n => n.parse().map(Pattern::Bytes).map_err(|_| {
                format!("unknown receive pattern {s:?}: use *l, *a or a number of bytes")
            }),
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pattern::Line => f.write_str("*l"),
            Pattern::All => f.write_str("*a"),
            Pattern::Bytes(n) => write!(f, "{n}"),
        }
    }
}

/// The answer of [`Matcher::next`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The pattern is complete: here is its data (removed from the buffer).
    Ready(Vec<u8>),
    /// More bytes are needed (or, for [`Pattern::All`], the end of the stream).
    Pending,
    /// The line or block is over the cap: these are the capped bytes (removed
    /// from the buffer). The stream is out of step afterwards; close it.
    TooLong(Vec<u8>),
}

/// The bytes received but not yet returned, and the caps.
#[derive(Debug, Clone)]
pub struct Matcher {
    buf: Vec<u8>,
    max_line: usize,
    max_block: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new(MAX_LINE, MAX_BLOCK)
    }
}

/// `bytes` with every CR removed (the line pattern ignores CRs).
fn strip_cr(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(|&b| b != b'\r').collect()
}

impl Matcher {
    /// A matcher with a line cap and a block cap (bytes).
    pub fn new(max_line: usize, max_block: usize) -> Self {
        Matcher {
            buf: Vec::new(),
            max_line,
            max_block,
        }
    }

    /// The longest line accepted, LF excluded.
    pub fn max_line(&self) -> usize {
        self.max_line
    }

    /// The largest block or `*a` accepted.
    pub fn max_block(&self) -> usize {
        self.max_block
    }

    /// Bytes received and not yet returned.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Appends bytes read from the stream.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    // ANCHOR: next
    /// Whether the pattern can be decided with the bytes buffered now.
    pub fn next(&mut self, pattern: Pattern) -> Match {
        match pattern {
            Pattern::Line => self.next_line(),
            Pattern::Bytes(n) if n > self.max_block => Match::TooLong(Vec::new()),
            Pattern::Bytes(n) if self.buf.len() >= n => Match::Ready(self.buf.drain(..n).collect()),
            Pattern::All if self.buf.len() > self.max_block => {
                Match::TooLong(self.buf.drain(..self.max_block).collect())
            }
            Pattern::Bytes(_) | Pattern::All => Match::Pending,
        }
    }

    fn next_line(&mut self) -> Match {
        // Only the first `max_line + 1` bytes can hold an acceptable LF.
        let window = &self.buf[..self.buf.len().min(self.max_line + 1)];
        match window.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let line = strip_cr(&self.buf[..i]);
                self.buf.drain(..=i);
                Match::Ready(line)
            }
            None if self.buf.len() > self.max_line => Match::TooLong(strip_cr(
                &self.buf.drain(..self.max_line).collect::<Vec<_>>(),
            )),
            None => Match::Pending,
        }
    }
    // ANCHOR_END: next

    /// The stream ended (closed, timed out or reset) before the pattern was
    /// complete: takes everything buffered, as that pattern would show it
    /// (CRs dropped for a line). For [`Pattern::All`] after a clean close
    /// this is the whole successful result.
    pub fn take_partial(&mut self, pattern: Pattern) -> Vec<u8> {
        let rest = std::mem::take(&mut self.buf);
        match pattern {
            Pattern::Line => strip_cr(&rest),
            Pattern::All | Pattern::Bytes(_) => rest,
        }
    }
}
