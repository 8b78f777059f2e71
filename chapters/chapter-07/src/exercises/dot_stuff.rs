//! Exercise: SMTP's DATA encoding as a chunk-safe filter.
//!
//! After the server's `354`, the client sends the message and then a line
//! holding a single `.`. So that a line of the message that *starts* with
//! a dot cannot end it early, every such line gets one more dot (RFC 5321
//! §4.5.2, "transparency"); the server removes it again.
//!
//! Write [`SmtpData`], a chapter 6 [`Filter`] that expects CRLF line ends
//! and:
//! - doubles a `.` at the start of the data and after every CRLF;
//! - at the end (`None`), writes CRLF if the data did not end with one
//!   (and was not empty), then the terminator `.` CRLF.
//!
//! The output must be the same however the input is cut into chunks: a CR
//! may end one chunk and its LF start the next, and the dot after them may
//! come in a third.

// ANCHOR: stub
use chapter_06::ltn12::{Filter, FilterError};

/// The DATA encoder.
#[derive(Debug, Clone)]
pub struct SmtpData {
    // TODO: the state you need between chunks.
}

impl SmtpData {
    /// An encoder at the start of a message.
    pub fn new() -> Self {
        // TODO: the state before any data.
        todo!("create the DATA encoder")
    }
}

impl Default for SmtpData {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for SmtpData {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        // TODO: copy each byte; after a CRLF (or at the very start) a `.`
        // is written twice. On `None`, finish the last line if needed and
        // write ".\r\n".
        let _ = (chunk, out);
        todo!("stuff dots and terminate the data")
    }
}
// ANCHOR_END: stub
