//! Sinks: where chunks go (ltn12's `sink.*`).
//!
//! A [`Sink`] receives chunks (`Some`) and then the end (`None`), and may fail.
//!
//! Layout: the [`Sink`] trait, then [`VecSink`] (ltn12 `sink.table`),
//! [`WriterSink`] (`sink.file`), [`NullSink`], [`CountingSink`], [`ErrorSink`]
//! and [`ChainedSink`] (`sink.chain`: a filter in front of a sink).

use super::{Filter, StreamError};
use std::io::Write;

// ANCHOR: sink_trait
/// Something that consumes a stream of chunks.
pub trait Sink {
    /// Accepts one chunk (`Some`) or the end of the stream (`None`).
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError>;
}
// ANCHOR_END: sink_trait

impl<K: Sink + ?Sized> Sink for Box<K> {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        (**self).put(chunk)
    }
}

impl<K: Sink + ?Sized> Sink for &mut K {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        (**self).put(chunk)
    }
}

/// A sink collecting everything in memory (ltn12 `sink.table` plus `concat`).
#[derive(Debug, Default, Clone)]
pub struct VecSink {
    /// The bytes received so far.
    pub data: Vec<u8>,
    /// Whether the end has arrived.
    pub ended: bool,
}

impl Sink for VecSink {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        match chunk {
            Some(c) => self.data.extend_from_slice(c),
            None => self.ended = true,
        }
        Ok(())
    }
}

/// A sink writing to any `std::io::Write` (ltn12 `sink.file`); the end flushes.
pub struct WriterSink<W> {
    writer: W,
}

impl<W: Write> WriterSink<W> {
    /// Writes every chunk to `writer`.
    pub fn new(writer: W) -> Self {
        Self { writer }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.writer
    }
}

impl<W: Write> Sink for WriterSink<W> {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        match chunk {
            Some(c) => self.writer.write_all(c)?,
            None => self.writer.flush()?,
        }
        Ok(())
    }
}

/// A sink that discards everything (ltn12 `sink.null`).
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn put(&mut self, _chunk: Option<&[u8]>) -> Result<(), StreamError> {
        Ok(())
    }
}

/// A sink that only counts what passes: bytes, chunks, and whether it ended.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CountingSink {
    /// Total bytes received.
    pub bytes: u64,
    /// Number of chunks received (empty ones included).
    pub chunks: u64,
    /// Whether the end has arrived.
    pub ended: bool,
}

impl Sink for CountingSink {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        match chunk {
            Some(c) => {
                self.bytes += c.len() as u64;
                self.chunks += 1;
            }
            None => self.ended = true,
        }
        Ok(())
    }
}

/// A sink that refuses everything with the given message (ltn12 `sink.error`).
#[derive(Debug, Clone)]
pub struct ErrorSink(pub String);

impl Sink for ErrorSink {
    fn put(&mut self, _chunk: Option<&[u8]>) -> Result<(), StreamError> {
        Err(StreamError::Other(self.0.clone()))
    }
}

// ANCHOR: chained_sink
/// A filter in front of a sink (ltn12 `sink.chain`): chunks are filtered
/// before the sink sees them, and the end flushes the filter first.
pub struct ChainedSink<F, K> {
    filter: F,
    inner: K,
    buf: Vec<u8>,
}

impl<F: Filter, K: Sink> ChainedSink<F, K> {
    /// Puts `filter` in front of `inner`.
    pub fn new(filter: F, inner: K) -> Self {
        Self {
            filter,
            inner,
            buf: Vec::new(),
        }
    }

    /// Gives the inner sink back (to read a [`VecSink`]'s data, say).
    pub fn into_inner(self) -> K {
        self.inner
    }
}

impl<F: Filter, K: Sink> Sink for ChainedSink<F, K> {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        self.buf.clear();
        self.filter.filter(chunk, &mut self.buf)?;
        // Skip empty output: an empty chunk carries no data downstream.
        if !self.buf.is_empty() {
            self.inner.put(Some(&self.buf))?;
        }
        if chunk.is_none() {
            self.inner.put(None)?;
        }
        Ok(())
    }
}
// ANCHOR_END: chained_sink
