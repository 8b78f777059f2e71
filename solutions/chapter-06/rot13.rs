//! Reference solution for exercise `rot13` (chapter 6).
//!
//! rot13 rotates each ASCII letter 13 places through the alphabet and leaves every
//! other byte alone. Because 13 is half of 26, applying it twice gives back the
//! original text. As a filter it needs no state between chunks: each byte maps
//! on its own, so any chunking of the input gives the same output.
//!
//! Layout: [`rot13_byte`], [`rot13_chunk`], [`Rot13Filter`].

use crate::ltn12::{Filter, FilterError};

// ANCHOR: rot13_byte
/// Rotates one byte: `a..=z` and `A..=Z` move 13 letters on (wrapping around),
/// keeping their case; every other byte comes back unchanged.
pub fn rot13_byte(byte: u8) -> u8 {
    // Only ASCII letters move; bytes >= 0x80 (UTF-8 continuation bytes, Latin-1)
    // must pass through untouched or the filter would corrupt non-English text.
    let base = match byte {
        b'a'..=b'z' => b'a',
        b'A'..=b'Z' => b'A',
        _ => return byte,
    };
    base + (byte - base + 13) % 26
}
// ANCHOR_END: rot13_byte

/// Filters one chunk: the chunk with every byte passed through [`rot13_byte`].
pub fn rot13_chunk(chunk: &[u8]) -> Vec<u8> {
    chunk.iter().copied().map(rot13_byte).collect()
}

// ANCHOR: rot13_filter
/// rot13 as a [`Filter`]: `Some(chunk)` appends the rotated chunk to `out`;
/// the end (`None`) appends nothing, as there is no state to flush.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rot13Filter;

impl Filter for Rot13Filter {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        if let Some(chunk) = chunk {
            out.extend(rot13_chunk(chunk));
        }
        Ok(())
    }
}
// ANCHOR_END: rot13_filter
