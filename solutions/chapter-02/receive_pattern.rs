//! Exercise `receive_pattern`: LuaSocket's receive patterns over any reader.
//!
//! A [`PatternReader`] keeps the bytes it has read but not yet returned, and
//! cuts the next piece out of them as the [`Pattern`] says: a line (up to an
//! LF, which is removed, with every CR dropped), exactly N bytes, or
//! everything until the peer closes. When the stream ends first, the error
//! carries everything received so far, prefix included: nothing is lost.
//!
//! Layout: [`PatternReader`] with [`PatternReader::new`] and
//! [`PatternReader::receive`].

use std::io::{self, Read};

pub use crate::pattern::Pattern;
pub use crate::stream::{Ended, ReceiveError, ended_by};

/// A reader with LuaSocket's receive patterns.
#[derive(Debug)]
pub struct PatternReader<R> {
    inner: R,
    buf: Vec<u8>,
    max_line: usize,
}

impl<R: Read> PatternReader<R> {
    /// Wraps `inner`; lines longer than `max_line` bytes (LF excluded) fail
    /// with [`Ended::TooLong`], as do `*a` results longer than 64 times that.
    pub fn new(inner: R, max_line: usize) -> Self {
        PatternReader {
            inner,
            buf: Vec::new(),
            max_line,
        }
    }

    // ANCHOR: solution
    /// Receives what `pattern` asks for, after `prefix`. On failure (the
    /// reader ended, timed out or was reset; the line was too long) returns
    /// `prefix` plus everything buffered, CRs dropped for a line.
    pub fn receive(&mut self, pattern: Pattern, prefix: &[u8]) -> Result<Vec<u8>, ReceiveError> {
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(result) = self.cut(pattern, prefix) {
                return result;
            }
            match self.inner.read(&mut chunk) {
                Ok(0) if pattern == Pattern::All => return Ok(self.take(pattern, prefix)),
                Ok(0) => return Err(self.fail(Ended::Closed, pattern, prefix)),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.fail(ended_by(&e), pattern, prefix)),
            }
        }
    }

    /// The result, if the buffer already decides it.
    fn cut(&mut self, pattern: Pattern, prefix: &[u8]) -> Option<Result<Vec<u8>, ReceiveError>> {
        let cap = match pattern {
            Pattern::Line => self.max_line,
            _ => self.max_line * 64,
        };
        match pattern {
            Pattern::Line => {
                let window = &self.buf[..self.buf.len().min(cap + 1)];
                if let Some(i) = window.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = self.buf.drain(..=i).collect();
                    return Some(Ok(glue(prefix, &line[..i], true)));
                }
            }
            Pattern::Bytes(n) if n <= self.buf.len() => {
                let block: Vec<u8> = self.buf.drain(..n).collect();
                return Some(Ok(glue(prefix, &block, false)));
            }
            _ => {}
        }
        let over = match pattern {
            Pattern::Bytes(n) => n > cap,
            _ => self.buf.len() > cap,
        };
        over.then(|| {
            let keep = self.buf.len().min(cap);
            let capped: Vec<u8> = self.buf.drain(..keep).collect();
            Err(ReceiveError {
                ended: Ended::TooLong,
                partial: glue(prefix, &capped, pattern == Pattern::Line),
            })
        })
    }
    // ANCHOR_END: solution

    fn take(&mut self, pattern: Pattern, prefix: &[u8]) -> Vec<u8> {
        let rest = std::mem::take(&mut self.buf);
        glue(prefix, &rest, pattern == Pattern::Line)
    }

    fn fail(&mut self, ended: Ended, pattern: Pattern, prefix: &[u8]) -> ReceiveError {
        ReceiveError {
            ended,
            partial: self.take(pattern, prefix),
        }
    }
}

/// `prefix` followed by `data`, with the CRs of `data` dropped for a line.
fn glue(prefix: &[u8], data: &[u8], line: bool) -> Vec<u8> {
    let mut out = prefix.to_vec();
    out.extend(data.iter().copied().filter(|&b| !line || b != b'\r'));
    out
}
