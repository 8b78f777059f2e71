//! Line wrapping filters (LuaSocket `mime.wrap`).
//!
//! Mail lines must stay short (RFC 5322 §2.1.1: at most 998 bytes, better 78),
//! so encoded text is cut into lines. Both filters keep only a column count
//! between chunks.
//!
//! Layout: [`Wrap`] (plain hard breaks, for base64) and [`QpWrap`] (soft
//! breaks `=` CRLF for quoted-printable, never inside an `=XX` escape).

use super::scan;
use crate::ltn12::{Filter, FilterError};

/// The longest encoded line RFC 2045 allows (§6.7 rule 5, §6.8).
pub const MAX_LINE: usize = 76;

// ANCHOR: wrap
/// Breaks lines at `length` columns with CRLF (LuaSocket `mime.wrap("base64")`).
///
/// An input CR is dropped and an input LF becomes CRLF (so existing line
/// breaks are kept and normalized); when the end arrives, an unfinished last
/// line gets its CRLF.
#[derive(Debug, Clone)]
pub struct Wrap {
    length: usize,
    left: usize,
}

impl Wrap {
    /// Wraps at `length` columns (at least 1).
    pub fn new(length: usize) -> Self {
        let length = length.max(1);
        Self {
            length,
            left: length,
        }
    }
}

impl Default for Wrap {
    fn default() -> Self {
        Self::new(MAX_LINE)
    }
}

impl Filter for Wrap {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            if self.left < self.length {
                out.extend_from_slice(b"\r\n");
            }
            self.left = self.length;
            return Ok(());
        };
        for &byte in data {
            match byte {
                b'\r' => {}
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.left = self.length;
                }
                _ => {
                    if self.left == 0 {
                        out.extend_from_slice(b"\r\n");
                        self.left = self.length;
                    }
                    out.push(byte);
                    self.left -= 1;
                }
            }
        }
        Ok(())
    }
}
// ANCHOR_END: wrap

// ANCHOR: qp_wrap
/// Soft line breaks for quoted-printable text (LuaSocket
/// `mime.wrap("quoted-printable")`): lines of at most 75 characters plus a
/// trailing `=`, 76 in all, never splitting an `=XX` escape.
///
/// CR is dropped and LF becomes CRLF (a hard break). At the end, an
/// unfinished last line gets a soft break, as LuaSocket does.
#[derive(Debug, Clone)]
pub struct QpWrap {
    left: usize,
}

impl Default for QpWrap {
    fn default() -> Self {
        Self { left: MAX_LINE }
    }
}

impl QpWrap {
    /// A wrapper at the RFC 2045 limit of 76 columns.
    pub fn new() -> Self {
        Self::default()
    }

    fn soft_break_if(&mut self, needed: bool, out: &mut Vec<u8>) {
        if needed {
            out.extend_from_slice(b"=\r\n");
            self.left = MAX_LINE;
        }
    }
}

impl Filter for QpWrap {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            let unfinished = self.left < MAX_LINE;
            self.soft_break_if(unfinished, out);
            return Ok(());
        };
        out.reserve(data.len() + data.len() / 24 + 8);
        let mut i = 0;
        while let Some(&byte) = data.get(i) {
            match byte {
                b'\r' => {}
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.left = MAX_LINE;
                }
                // An escape needs 3 columns plus 1 for a later soft break.
                b'=' => {
                    self.soft_break_if(self.left <= 3, out);
                    out.push(byte);
                    self.left -= 1;
                }
                _ => {
                    // Copy every ordinary byte that fits before a soft break.
                    self.soft_break_if(self.left <= 1, out);
                    let room = (self.left - 1).min(data.len() - i);
                    let run = scan::position(&data[i..i + room], maybe_special, is_special)
                        .unwrap_or(room);
                    out.extend_from_slice(&data[i..i + run]);
                    self.left -= run;
                    i += run;
                    continue;
                }
            }
            i += 1;
        }
        Ok(())
    }
}
// ANCHOR_END: qp_wrap

fn is_special(byte: u8) -> bool {
    matches!(byte, b'\r' | b'\n' | b'=')
}

fn maybe_special(word: u64) -> bool {
    scan::has_byte(word, b'\r') || scan::has_byte(word, b'\n') || scan::has_byte(word, b'=')
}
