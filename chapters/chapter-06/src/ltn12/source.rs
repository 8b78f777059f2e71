//! Sources: where chunks come from (ltn12's `source.*`).
//!
//! A [`Source`] hands out one chunk per call and then the end (`None`), or an
//! error. Chunks are lent from a buffer the source owns, so a long stream is
//! read through the same few kilobytes again and again.
//!
//! Layout: the [`Source`] trait, then [`BytesSource`] (ltn12 `source.string`),
//! [`ReaderSource`] (`source.file`), [`EmptySource`], [`ErrorSource`] and
//! [`ChainedSource`] (`source.chain`: a source seen through a filter).

use super::{Filter, StreamError};
use std::io::Read;

/// ltn12's block size: how many bytes a string or file source returns at once.
pub const BLOCKSIZE: usize = 2048;

// ANCHOR: source_trait
/// Something that produces a stream of chunks.
pub trait Source {
    /// Returns the next chunk, `Ok(None)` at the end, or the error that stopped
    /// the stream. After the end (or an error) it keeps returning the end.
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError>;
}
// ANCHOR_END: source_trait

impl<S: Source + ?Sized> Source for Box<S> {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        (**self).pull()
    }
}

/// A source over bytes held in memory, cut into blocks (ltn12 `source.string`).
pub struct BytesSource<B> {
    data: B,
    pos: usize,
    block: usize,
}

impl<B: AsRef<[u8]>> BytesSource<B> {
    /// A source returning `data` in blocks of [`BLOCKSIZE`] bytes.
    pub fn new(data: B) -> Self {
        Self::with_block_size(data, BLOCKSIZE)
    }

    /// A source returning `data` in blocks of `block` bytes (at least 1).
    pub fn with_block_size(data: B, block: usize) -> Self {
        Self {
            data,
            pos: 0,
            block: block.max(1),
        }
    }
}

impl<B: AsRef<[u8]>> Source for BytesSource<B> {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        let data = self.data.as_ref();
        if self.pos >= data.len() {
            return Ok(None);
        }
        let end = data.len().min(self.pos + self.block);
        let chunk = &data[self.pos..end];
        self.pos = end;
        Ok(Some(chunk))
    }
}

/// A source reading from any `std::io::Read` (ltn12 `source.file`).
pub struct ReaderSource<R> {
    reader: R,
    buf: Vec<u8>,
    done: bool,
}

impl<R: Read> ReaderSource<R> {
    /// Reads `reader` in chunks of up to [`BLOCKSIZE`] bytes.
    pub fn new(reader: R) -> Self {
        Self::with_block_size(reader, BLOCKSIZE)
    }

    /// Reads `reader` in chunks of up to `block` bytes (the buffer's fixed size).
    pub fn with_block_size(reader: R, block: usize) -> Self {
        Self {
            reader,
            buf: vec![0; block.max(1)],
            done: false,
        }
    }
}

impl<R: Read> Source for ReaderSource<R> {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return Ok(None);
                }
                Ok(n) => return Ok(Some(&self.buf[..n])),
                // A signal interrupted the read; nothing was lost, so retry.
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Err(e.into());
                }
            }
        }
    }
}

/// A source with no chunks at all (ltn12 `source.empty`).
#[derive(Debug, Default, Clone, Copy)]
pub struct EmptySource;

impl Source for EmptySource {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        Ok(None)
    }
}

/// A source that fails with the given message (ltn12 `source.error`).
#[derive(Debug, Clone)]
pub struct ErrorSource(pub String);

impl Source for ErrorSource {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        Err(StreamError::Other(self.0.clone()))
    }
}

// ANCHOR: chained_source
/// A source seen through a filter (ltn12 `source.chain`): each pull returns
/// the filtered form of the inner source's data.
pub struct ChainedSource<S, F> {
    inner: S,
    filter: F,
    out: Vec<u8>,
    ended: bool,
}

impl<S: Source, F: Filter> ChainedSource<S, F> {
    /// Wraps `inner` so that its chunks pass through `filter`.
    pub fn new(inner: S, filter: F) -> Self {
        Self {
            inner,
            filter,
            out: Vec::new(),
            ended: false,
        }
    }
}

impl<S: Source, F: Filter> Source for ChainedSource<S, F> {
    fn pull(&mut self) -> Result<Option<&[u8]>, StreamError> {
        // A filter may swallow a whole chunk (a base64 encoder given one byte),
        // so keep pulling until there is output or the end has been flushed.
        while !self.ended {
            self.out.clear();
            let chunk = self.inner.pull()?;
            self.ended = chunk.is_none();
            self.filter.filter(chunk, &mut self.out)?;
            if !self.out.is_empty() {
                return Ok(Some(&self.out));
            }
        }
        Ok(None)
    }
}
// ANCHOR_END: chained_source
