//! Solution: SMTP's DATA encoding as a chunk-safe filter (RFC 5321 §4.5.2).
//!
//! Three states are enough: at the start of a line, just after a CR, or
//! anywhere else in a line. They survive between chunks, so a CRLF split
//! across two chunks still starts a new line.

use chapter_06::ltn12::{Filter, FilterError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    LineStart,
    AfterCr,
    InLine,
}

/// The DATA encoder.
#[derive(Debug, Clone)]
pub struct SmtpData {
    at: At,
}

impl SmtpData {
    /// An encoder at the start of a message.
    pub fn new() -> Self {
        SmtpData { at: At::LineStart }
    }
}

impl Default for SmtpData {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for SmtpData {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            // An unfinished last line needs its CRLF before the terminator.
            if self.at != At::LineStart {
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b".\r\n");
            self.at = At::LineStart;
            return Ok(());
        };
        for &byte in data {
            if byte == b'.' && self.at == At::LineStart {
                out.push(b'.');
            }
            out.push(byte);
            self.at = match (self.at, byte) {
                (_, b'\r') => At::AfterCr,
                (At::AfterCr, b'\n') => At::LineStart,
                _ => At::InLine,
            };
        }
        Ok(())
    }
}
