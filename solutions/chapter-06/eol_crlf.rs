//! Reference solution for exercise `eol_crlf` (chapter 6).
//!
//! Every CR LF, lone CR and lone LF becomes CR LF; a CR at the end of one
//! chunk and an LF at the start of the next are one line end.

use crate::ltn12::{Filter, FilterError};

// ANCHOR: solution
/// Line-end normalization to CRLF.
#[derive(Debug)]
pub struct CrlfNormalizer {
    // The last byte seen was a CR, whose CR LF has already been written: an
    // LF arriving now (even in the next chunk) completes it and adds nothing.
    after_cr: bool,
}

impl CrlfNormalizer {
    /// A fresh normalizer.
    pub fn new() -> Self {
        Self { after_cr: false }
    }
}

impl Default for CrlfNormalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for CrlfNormalizer {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(chunk) = chunk else {
            self.after_cr = false;
            return Ok(());
        };
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => {}
                b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
                _ => out.push(byte),
            }
            self.after_cr = byte == b'\r';
        }
        Ok(())
    }
}
// ANCHOR_END: solution
