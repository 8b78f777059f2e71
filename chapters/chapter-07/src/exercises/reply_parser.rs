//! Exercise: the multi-line reply parser.
//!
//! An SMTP reply is one or more lines that all start with the same
//! three-digit code. Every line but the last has a `-` after the code; the
//! last has a space (or nothing at all):
//!
//! ```text
//! 250-mail.example greets you
//! 250-SIZE 10485760
//! 250 AUTH PLAIN LOGIN
//! ```
//!
//! Write [`parse_reply`]: given the bytes received so far, return
//! `Ok(None)` if no whole reply is there yet, or `Ok(Some((reply, n)))` with
//! the first whole reply and the number of bytes it used (the rest may be
//! the start of the next reply). Lines end in CRLF (accept a bare LF too).
//! Errors ([`ReplyError`], from the library):
//! - `BadCode` if a line does not start with three digits, the first 2–5;
//! - `BadSeparator` if the 4th byte is neither `-` nor a space;
//! - `CodeChanged` if a later line has another code than the first;
//! - `LineTooLong` if a line (CRLF included) is longer than
//!   [`MAX_REPLY_LINE`] bytes — also when its end has not even arrived.

// ANCHOR: stub
pub use crate::smtp::reply::{MAX_REPLY_LINE, Reply, ReplyError};

/// The first whole reply in `buf` and the bytes it used, or `None` if it
/// has not all arrived.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, ReplyError> {
    // TODO: the first whole reply and the bytes it used, `None` while it
    // is incomplete, or the first error listed above.
    let _ = buf;
    todo!("parse one SMTP reply")
}
// ANCHOR_END: stub
