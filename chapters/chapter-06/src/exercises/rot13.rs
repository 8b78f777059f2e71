//! Exercise `rot13`: the seed's end-of-chapter exercise 1.
//!
//! rot13 rotates each ASCII letter 13 places through the alphabet and leaves every
//! other byte alone. Because 13 is half of 26, applying it twice gives back the
//! original text. As a filter it needs no state between chunks: each byte maps
//! on its own, so any chunking of the input gives the same output.

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
