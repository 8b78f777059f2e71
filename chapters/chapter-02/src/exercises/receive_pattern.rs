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

use std::io::Read;

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

    // ANCHOR: stub
    /// Receives what `pattern` asks for, after `prefix`. On failure (the
    /// reader ended, timed out or was reset; the line was too long) returns
    /// `prefix` plus everything buffered, CRs dropped for a line.
    pub fn receive(&mut self, pattern: Pattern, prefix: &[u8]) -> Result<Vec<u8>, ReceiveError> {
        // TODO: return `prefix` and the piece `pattern` asks for, reading from
        // `self.inner` only as much as it takes; bytes read past the piece
        // stay in `self.buf` for the next call. Failures as the doc comment
        // says: the reader closed (`Ended::Closed`, except for `*a`), an I/O
        // error (`ended_by` says which), or over the cap (`Ended::TooLong`
        // with at most the cap's worth: `max_line` for a line, 64 times that
        // for `*a` and for a block).
        let _ = (
            &mut self.inner,
            &mut self.buf,
            self.max_line,
            pattern,
            prefix,
        );
        todo!()
    }
    // ANCHOR_END: stub
}
