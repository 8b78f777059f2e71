//! End-of-line normalization and dot-stuffing (LuaSocket `mime.normalize`,
//! `mime.stuff`).
//!
//! Text protocols (SMTP, POP3, HTTP headers) end lines with CRLF, while files
//! use LF (Unix) or CRLF (Windows) or even CR. [`Normalize`] rewrites every
//! line break as one marker, remembering the last byte of a chunk so that a
//! CR at the end of one chunk and an LF at the start of the next still count
//! as one break. [`DotStuff`] doubles a `.` at the start of a line, so that a
//! line holding a single `.` can end an SMTP message (RFC 5321 §4.5.2).
//!
//! Layout: [`Normalize`], [`DotStuff`].

use super::scan;
use crate::ltn12::{Filter, FilterError};

// ANCHOR: normalize
/// Rewrites every line break (CRLF, LFCR, lone CR, lone LF) as `marker`.
///
/// Like LuaSocket: a CR and an LF in either order are one break; two equal
/// ones (CR CR, LF LF) are two breaks.
#[derive(Debug, Clone)]
pub struct Normalize {
    marker: Vec<u8>,
    // The CR or LF that began the current break, if the last byte was one.
    last: Option<u8>,
}

impl Normalize {
    /// Normalizes to `marker` (often `b"\r\n"`).
    pub fn new(marker: &[u8]) -> Self {
        Self {
            marker: marker.to_vec(),
            last: None,
        }
    }
}

impl Default for Normalize {
    /// Normalizes to CRLF, the network's line break.
    fn default() -> Self {
        Self::new(b"\r\n")
    }
}

impl Filter for Normalize {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            self.last = None;
            return Ok(());
        };
        let mut rest = data;
        while !rest.is_empty() {
            // Copy the run up to the next CR or LF in one go.
            let maybe = |w| scan::has_byte(w, b'\r') || scan::has_byte(w, b'\n');
            let run =
                scan::position(rest, maybe, |b| b == b'\r' || b == b'\n').unwrap_or(rest.len());
            if run > 0 {
                out.extend_from_slice(&rest[..run]);
                self.last = None;
            }
            let Some(&byte) = rest.get(run) else { break };
            match self.last {
                // Second half of a CRLF or LFCR pair: already emitted.
                Some(prev) if prev != byte => self.last = None,
                _ => {
                    out.extend_from_slice(&self.marker);
                    self.last = Some(byte);
                }
            }
            rest = &rest[run + 1..];
        }
        Ok(())
    }
}
// ANCHOR_END: normalize

// ANCHOR: dot_stuff
/// Doubles every `.` that starts a line (a line starts after CRLF, and at the
/// very beginning). Expects CRLF line ends: run [`Normalize`] first.
#[derive(Debug, Clone)]
pub struct DotStuff {
    // 0: inside a line, 1: just after CR, 2: at the start of a line.
    state: u8,
}

impl Default for DotStuff {
    fn default() -> Self {
        Self { state: 2 }
    }
}

impl DotStuff {
    /// A stuffer at the start of a message.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Filter for DotStuff {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            self.state = 2;
            return Ok(());
        };
        for &byte in data {
            out.push(byte);
            self.state = match byte {
                b'\r' => 1,
                b'\n' if self.state == 1 => 2,
                b'.' if self.state == 2 => {
                    out.push(b'.');
                    0
                }
                _ => 0,
            };
        }
        Ok(())
    }
}
// ANCHOR_END: dot_stuff
