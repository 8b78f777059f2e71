//! Exercise `checksum_sink`: a sink that counts and hashes what flows into it.
//!
//! A sink needs no output of its own: this one only remembers how many bytes
//! it received and a 64-bit FNV-1a hash of them, which is handy to check a
//! large transfer without keeping it. FNV-1a: start from [`FNV_OFFSET`]; for
//! each byte, XOR it into the hash, then multiply by [`FNV_PRIME`] (wrapping).
//!
//! A chunk after the end is a caller's bug: refuse it with an error.

use crate::ltn12::{Sink, StreamError};

/// FNV-1a 64-bit offset basis (the hash of no bytes).
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

// ANCHOR: stub
/// A sink that counts bytes and hashes them with FNV-1a.
#[derive(Debug)]
pub struct ChecksumSink {
    // TODO: add the byte count, the hash, and whether the end has arrived.
}

impl ChecksumSink {
    /// A sink that has seen nothing yet.
    pub fn new() -> Self {
        // TODO: start with 0 bytes, hash FNV_OFFSET, not ended.
        todo!()
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> u64 {
        // TODO
        todo!()
    }

    /// The FNV-1a hash of the bytes received so far.
    pub fn digest(&self) -> u64 {
        // TODO
        todo!()
    }

    /// Whether the end of the stream has arrived.
    pub fn is_finished(&self) -> bool {
        // TODO
        todo!()
    }
}

impl Default for ChecksumSink {
    fn default() -> Self {
        Self::new()
    }
}

impl Sink for ChecksumSink {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        // TODO: `Some(chunk)`: count and hash its bytes, or, if the end has
        // already arrived, return `Err(StreamError::Other(..))`.
        // `None`: remember that the stream has ended.
        let _ = chunk;
        todo!()
    }
}
// ANCHOR_END: stub
