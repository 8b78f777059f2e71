//! Reference solution for exercise `qp_soft_breaks` (chapter 6).
//!
//! Binary-mode quoted-printable with soft line breaks: lines of at most 75
//! characters plus `=`, escapes never split, a final space or tab quoted.

use crate::ltn12::{Filter, FilterError};

const HEX: &[u8; 16] = b"0123456789ABCDEF";
/// Columns available before the `=` of a soft break.
const WIDTH: usize = 75;

// ANCHOR: solution
/// Quoted-printable encoding with soft line breaks at 76 columns.
#[derive(Debug)]
pub struct QpSoftBreaks {
    column: usize,
    // A space or tab that may turn out to be the last byte of the input.
    held: Option<u8>,
}

impl QpSoftBreaks {
    /// A fresh encoder at the start of a line.
    pub fn new() -> Self {
        Self {
            column: 0,
            held: None,
        }
    }

    /// Writes one item (1 or 3 columns), breaking the line first if needed.
    fn item(&mut self, item: &[u8], out: &mut Vec<u8>) {
        if self.column + item.len() > WIDTH {
            out.extend_from_slice(b"=\r\n");
            self.column = 0;
        }
        out.extend_from_slice(item);
        self.column += item.len();
    }

    fn byte(&mut self, byte: u8, out: &mut Vec<u8>) {
        match byte {
            b' ' | b'\t' => self.item(&[byte], out),
            33..=60 | 62..=126 => self.item(&[byte], out),
            _ => self.quoted(byte, out),
        }
    }

    fn quoted(&mut self, byte: u8, out: &mut Vec<u8>) {
        let item = [
            b'=',
            HEX[usize::from(byte >> 4)],
            HEX[usize::from(byte & 15)],
        ];
        self.item(&item, out);
    }
}

impl Default for QpSoftBreaks {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for QpSoftBreaks {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(chunk) = chunk else {
            if let Some(white) = self.held.take() {
                self.quoted(white, out);
            }
            self.column = 0;
            return Ok(());
        };
        for &byte in chunk {
            // Another byte follows, so a held space or tab was not the last.
            if let Some(white) = self.held.take() {
                self.byte(white, out);
            }
            if byte == b' ' || byte == b'\t' {
                self.held = Some(byte);
            } else {
                self.byte(byte, out);
            }
        }
        Ok(())
    }
}
// ANCHOR_END: solution
