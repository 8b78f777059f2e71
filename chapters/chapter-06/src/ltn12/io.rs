//! Adapters between the chunk model and `std::io`.
//!
//! [`ReaderSource`](super::source::ReaderSource) and
//! [`WriterSink`](super::sink::WriterSink) turn a `Read`/`Write` into a source
//! or sink. This module goes the other way, so that code written against
//! `std::io` can sit at either end of a filtered stream:
//! - [`SourceReader`]: any [`Source`] as a `std::io::Read`.
//! - [`SinkWriter`]: any [`Sink`] as a `std::io::Write`; call
//!   [`SinkWriter::finish`] to deliver the end (a `Write` has no "end" call).

use super::{Sink, Source, StreamError};
use std::io::{self, Read, Write};

fn to_io(err: StreamError) -> io::Error {
    match err {
        StreamError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, other),
    }
}

/// Reads the chunks of a [`Source`] as one continuous byte stream.
pub struct SourceReader<S> {
    src: S,
    // The part of the last chunk the caller's buffer had no room for.
    pending: Vec<u8>,
    pos: usize,
    ended: bool,
}

impl<S: Source> SourceReader<S> {
    /// Wraps `src`.
    pub fn new(src: S) -> Self {
        Self {
            src,
            pending: Vec::new(),
            pos: 0,
            ended: false,
        }
    }
}

impl<S: Source> Read for SourceReader<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.pending.len() && !self.ended && !buf.is_empty() {
            self.pending.clear();
            self.pos = 0;
            match self.src.pull().map_err(to_io)? {
                Some(chunk) => self.pending.extend_from_slice(chunk),
                None => self.ended = true,
            }
        }
        let n = buf.len().min(self.pending.len() - self.pos);
        buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Writes into a [`Sink`]: every `write` becomes one chunk.
pub struct SinkWriter<K> {
    snk: K,
}

impl<K: Sink> SinkWriter<K> {
    /// Wraps `snk`.
    pub fn new(snk: K) -> Self {
        Self { snk }
    }

    /// Delivers the end of the stream to the sink and returns it.
    pub fn finish(mut self) -> Result<K, StreamError> {
        self.snk.put(None)?;
        Ok(self.snk)
    }
}

impl<K: Sink> Write for SinkWriter<K> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.snk.put(Some(buf)).map_err(to_io)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
