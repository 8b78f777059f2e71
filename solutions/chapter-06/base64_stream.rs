//! Reference solution for exercise `base64_stream` (chapter 6).
//!
//! Base64 turns each group of 3 bytes into 4 symbols of [`ALPHABET`]. The
//! encoder keeps the 1 or 2 bytes left over at the end of one chunk and puts
//! them in front of the next; the end encodes what is left with `=` padding.

use crate::ltn12::{Filter, FilterError};

/// The base64 alphabet (RFC 4648 §4): the symbol for each 6-bit value.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// ANCHOR: solution
/// A chunk-safe base64 encoder.
#[derive(Debug)]
pub struct Base64Stream {
    // At most 2 bytes: 3 would already form a group.
    leftover: Vec<u8>,
}

impl Base64Stream {
    /// A fresh encoder with nothing left over.
    pub fn new() -> Self {
        Self {
            leftover: Vec::with_capacity(2),
        }
    }
}

impl Default for Base64Stream {
    fn default() -> Self {
        Self::new()
    }
}

/// Encodes 1 to 3 bytes as 4 symbols, padding the missing ones with `=`.
fn encode_group(group: &[u8], out: &mut Vec<u8>) {
    let mut bytes = [0u8; 3];
    bytes[..group.len()].copy_from_slice(group);
    let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
    for i in 0..4 {
        if i <= group.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]);
        } else {
            out.push(b'=');
        }
    }
}

impl Filter for Base64Stream {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(chunk) = chunk else {
            if !self.leftover.is_empty() {
                encode_group(&self.leftover, out);
                self.leftover.clear();
            }
            return Ok(());
        };
        for &byte in chunk {
            self.leftover.push(byte);
            if self.leftover.len() == 3 {
                encode_group(&self.leftover, out);
                self.leftover.clear();
            }
        }
        Ok(())
    }
}
// ANCHOR_END: solution
