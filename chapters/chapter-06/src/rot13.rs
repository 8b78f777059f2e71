//! rot13: the simplest stateless filter (the seed's exercise 1, worked).
//!
//! Each ASCII letter moves 13 places round its alphabet, keeping its case;
//! every other byte is left alone. 13 is half of 26, so rot13 undoes itself.
//! Having no state between chunks, it is trivially chunk-safe. (The exercise
//! `rot13` asks you to write this yourself; the library keeps its own copy so
//! the `transform` program works whatever state your exercise is in.)

use crate::ltn12::{Filter, FilterError};

// One lookup per byte: the table is built at compile time.
const TABLE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'a'..=b'z' => b'a' + (b - b'a' + 13) % 26,
            b'A'..=b'Z' => b'A' + (b - b'A' + 13) % 26,
            _ => b,
        };
        i += 1;
    }
    t
};

/// The rot13 filter.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rot13;

impl Filter for Rot13 {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        if let Some(data) = chunk {
            out.extend(data.iter().map(|&b| TABLE[usize::from(b)]));
        }
        Ok(())
    }
}
