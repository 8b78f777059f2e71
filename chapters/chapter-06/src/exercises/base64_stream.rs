//! Exercise `base64_stream`: a base64 encoder that works chunk by chunk.
//!
//! Base64 turns each group of 3 bytes into 4 symbols of [`ALPHABET`]. A chunk
//! from the network seldom holds a multiple of 3 bytes, so the encoder must
//! keep the 1 or 2 bytes left over at the end of one chunk and put them in
//! front of the next. Only when the end arrives (`None`) does it encode what
//! is left, padding with `=`: 1 leftover byte gives 2 symbols and `==`, 2
//! bytes give 3 symbols and `=`. No line breaks.

use crate::ltn12::{Filter, FilterError};

/// The base64 alphabet (RFC 4648 §4): the symbol for each 6-bit value.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// ANCHOR: stub
/// A chunk-safe base64 encoder.
#[derive(Debug)]
pub struct Base64Stream {
    // TODO: add the state kept between chunks (the leftover bytes).
}

impl Base64Stream {
    /// A fresh encoder with nothing left over.
    pub fn new() -> Self {
        // TODO: build the empty state.
        todo!()
    }
}

impl Default for Base64Stream {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for Base64Stream {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        // TODO: encode into `out` what this chunk completes, and keep the rest
        // for the next one; at the end (`None`), finish as the module
        // documentation says. The output must not depend on the chunking.
        let _ = (chunk, out);
        todo!()
    }
}
// ANCHOR_END: stub
