//! Exercise: the multi-line reader with dot-unstuffing (RFC 1939 §3).
//!
//! Given the bytes that followed a `+OK` status line, find the data lines
//! up to the line holding a lone `.`, take one leading `.` off every other
//! line, and say how many bytes the reply used. When the final `.` has not
//! arrived yet, say so (`Ok(None)`): the caller reads more and tries again.

/// Longest data line, ending included.
pub const MAX_LINE: usize = 8192;

/// Why a reply was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultiLineError {
    /// A line (or the unfinished tail) is longer than [`MAX_LINE`].
    LineTooLong,
    /// The data would exceed the caller's `max_total`.
    ReplyTooLong,
}

// ANCHOR: stub
/// Reads one multi-line reply from the front of `buf`: `Ok(Some((data,
/// used)))` when the terminating `.` line is in `buf` (`data` unstuffed,
/// line endings kept; `used` the bytes up to and including the `.` line),
/// `Ok(None)` when more bytes are needed.
pub fn read_multiline(
    buf: &[u8],
    max_total: usize,
) -> Result<Option<(Vec<u8>, usize)>, MultiLineError> {
    // TODO: the reply as the doc comment says (`.\n` also ends it), or the
    // error of `MultiLineError` that applies; a line that has not ended yet
    // can already be too long.
    let _ = (buf, max_total);
    todo!("read the data lines up to the lone dot")
}
// ANCHOR_END: stub
