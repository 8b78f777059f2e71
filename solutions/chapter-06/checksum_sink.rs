//! Reference solution for exercise `checksum_sink` (chapter 6).
//!
//! Counts the bytes it receives and hashes them with 64-bit FNV-1a; refuses
//! data after the end.

use crate::ltn12::{Sink, StreamError};

/// FNV-1a 64-bit offset basis (the hash of no bytes).
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

// ANCHOR: solution
/// A sink that counts bytes and hashes them with FNV-1a.
#[derive(Debug)]
pub struct ChecksumSink {
    bytes: u64,
    hash: u64,
    finished: bool,
}

impl ChecksumSink {
    /// A sink that has seen nothing yet.
    pub fn new() -> Self {
        Self {
            bytes: 0,
            hash: FNV_OFFSET,
            finished: false,
        }
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The FNV-1a hash of the bytes received so far.
    pub fn digest(&self) -> u64 {
        self.hash
    }

    /// Whether the end of the stream has arrived.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

impl Default for ChecksumSink {
    fn default() -> Self {
        Self::new()
    }
}

impl Sink for ChecksumSink {
    fn put(&mut self, chunk: Option<&[u8]>) -> Result<(), StreamError> {
        let Some(chunk) = chunk else {
            self.finished = true;
            return Ok(());
        };
        if self.finished {
            return Err(StreamError::Other(
                "checksum sink: data after the end".into(),
            ));
        }
        // The hash is a fold over the bytes, so chunk borders cannot change it.
        self.hash = chunk.iter().fold(self.hash, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        });
        self.bytes += chunk.len() as u64;
        Ok(())
    }
}
// ANCHOR_END: solution
