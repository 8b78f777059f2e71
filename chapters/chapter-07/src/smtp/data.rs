//! The message as SMTP's DATA step sends it (RFC 5321 §4.5.2, §4.1.1.4):
//! line ends normalized to CRLF, every line that starts with `.` given a
//! second `.`, and the end marked by a line holding a single `.`.
//!
//! Chapter 6's [`Normalize`] and [`DotStuff`] filters do the work; this
//! module adds the terminator and enforces the line limit of RFC 5321
//! §4.5.3.1.6 (1000 octets with the CRLF, not counting a stuffed dot).
//!
//! Layout: [`MAX_TEXT_LINE`], [`DataError`], [`encode_data`].

use chapter_06::ltn12::{Chain, transform};
use chapter_06::mime::{DotStuff, Normalize};

/// Longest text line, CRLF included (RFC 5321 §4.5.3.1.6).
pub const MAX_TEXT_LINE: usize = 1000;

/// Why a message cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    /// A line is longer than SMTP allows; encode the body (quoted-printable).
    #[error(
        "line {line} of the message is {length} octets long; SMTP allows {MAX_TEXT_LINE} with its CRLF \
         (RFC 5321 §4.5.3.1.6): encode the body as quoted-printable"
    )]
    LineTooLong {
        /// 1-based line number.
        line: usize,
        /// Its length, CRLF included.
        length: usize,
    },
}

// ANCHOR: encode_data
/// `message` ready to follow a `354` reply: CRLF line ends, dots stuffed, a
/// final CRLF if the message lacked one, and the `.` line that ends it.
pub fn encode_data(message: &[u8]) -> Result<Vec<u8>, DataError> {
    let normalized = transform(message, Normalize::default()).expect("infallible");
    for (i, line) in normalized.split_inclusive(|&b| b == b'\n').enumerate() {
        let length = line.len() + usize::from(!line.ends_with(b"\n")) * 2;
        if length > MAX_TEXT_LINE {
            return Err(DataError::LineTooLong {
                line: i + 1,
                length,
            });
        }
    }
    let mut out = transform(&normalized, Chain::new().then(DotStuff::new())).expect("infallible");
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    Ok(out)
}
// ANCHOR_END: encode_data
