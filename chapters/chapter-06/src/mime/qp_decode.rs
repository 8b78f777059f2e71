//! Quoted-printable decoding (RFC 2045 §6.7) as a chunk-safe filter.
//!
//! The decoder holds at most the two bytes after an `=` until it knows what
//! they are: a hex escape, a soft line break, or a malformed sequence.
//!
//! Layout: [`QpDecoder`].

use crate::ltn12::{Filter, FilterError};

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// The quoted-printable decoding filter (LuaSocket `mime.decode("quoted-printable")`).
///
/// `=` and two hex digits (either case) become one byte; `=` followed by CRLF
/// or by a bare LF is a soft line break and vanishes. Any other `=` sequence is
/// malformed: as RFC 2045 §6.7 note (2) suggests, the `=` and the byte after
/// it are kept literally. Every other byte passes unchanged (LuaSocket instead
/// drops bare LFs, control bytes and 8-bit bytes: this decoder loses nothing).
/// It never fails.
#[derive(Debug, Default, Clone)]
pub struct QpDecoder {
    // Bytes after a `=` still waiting for their meaning (0 or 1 of them).
    escape: Option<Option<u8>>,
}

impl QpDecoder {
    /// A fresh decoder.
    pub fn new() -> Self {
        Self::default()
    }

    fn byte(&mut self, byte: u8, out: &mut Vec<u8>) {
        match self.escape {
            None if byte == b'=' => self.escape = Some(None),
            None => out.push(byte),
            Some(None) if byte == b'\n' => self.escape = None,
            Some(None) if byte == b'\r' || hex_value(byte).is_some() => {
                self.escape = Some(Some(byte));
            }
            Some(None) => {
                out.extend_from_slice(&[b'=', byte]);
                self.escape = None;
            }
            Some(Some(first)) => {
                self.escape = None;
                match (first, hex_value(first), hex_value(byte)) {
                    (b'\r', _, _) if byte == b'\n' => {}
                    (_, Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => {
                        out.extend_from_slice(&[b'=', first]);
                        self.byte(byte, out);
                    }
                }
            }
        }
    }
}

impl Filter for QpDecoder {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        match chunk {
            Some(data) => data.iter().for_each(|&b| self.byte(b, out)),
            None => match self.escape.take() {
                Some(Some(first)) => out.extend_from_slice(&[b'=', first]),
                Some(None) => out.push(b'='),
                None => {}
            },
        }
        Ok(())
    }
}
