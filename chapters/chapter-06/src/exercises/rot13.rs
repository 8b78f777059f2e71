//! Exercise `rot13`: the seed's end-of-chapter exercise 1.
//!
//! rot13 rotates each ASCII letter 13 places through the alphabet and leaves every
//! other byte alone. Because 13 is half of 26, applying it twice gives back the
//! original text. As a filter it needs no state between chunks: each byte maps
//! on its own, so any chunking of the input gives the same output.
//!
//! Layout: [`rot13_byte`], [`rot13_chunk`], and [`Rot13Filter`], which plugs
//! your function into the chapter's [`Filter`] model so that
//! [`transform`](crate::ltn12::transform) (the seed's `Transform`) can run it.

use crate::ltn12::{Filter, FilterError};

// ANCHOR: stub
/// Rotates one byte: `a..=z` and `A..=Z` move 13 letters on (wrapping around),
/// keeping their case; every other byte comes back unchanged.
pub fn rot13_byte(byte: u8) -> u8 {
    // TODO: return `byte` rotated by 13 if it is an ASCII letter, else `byte`.
    let _ = byte;
    todo!()
}

/// Filters one chunk: the chunk with every byte passed through [`rot13_byte`].
pub fn rot13_chunk(chunk: &[u8]) -> Vec<u8> {
    // TODO: map every byte of `chunk` through `rot13_byte`.
    let _ = chunk;
    todo!()
}

/// rot13 as a [`Filter`]: `Some(chunk)` appends the rotated chunk to `out`;
/// the end (`None`) appends nothing, as there is no state to flush.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rot13Filter;

impl Filter for Rot13Filter {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        // TODO: the filter the doc comment describes.
        let _ = (chunk, out);
        todo!()
    }
}
// ANCHOR_END: stub
