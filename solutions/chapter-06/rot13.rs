//! Reference solution for exercise `rot13` (chapter 6).
//!
//! rot13 rotates each ASCII letter 13 places through the alphabet and leaves every
//! other byte alone. Because 13 is half of 26, applying it twice gives back the
//! original text. As a filter it needs no state between chunks: each byte maps
//! on its own, so any chunking of the input gives the same output.

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

/// Filters one chunk: the chunk with every byte passed through [`rot13_byte`].
pub fn rot13_chunk(chunk: &[u8]) -> Vec<u8> {
    chunk.iter().copied().map(rot13_byte).collect()
}
