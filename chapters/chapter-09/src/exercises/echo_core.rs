//! Exercise `echo_core`: the seed's echo service over any reader and writer.
//!
//! Write the whole session of `echo.lua`: a greeting line with the time, one
//! echo per non-empty line, and a closing line with the time at the first
//! empty line (or at the end of input). Under a super-server `output` is the
//! client's connection, so each reply must be flushed as soon as it is
//! written.
//!
//! Layout: [`echo_session`], [`TOO_LONG`].

use std::io::{self, BufRead, Write};

/// The reply to a line longer than [`MAX_LINE`](crate::echo::MAX_LINE) (the line is dropped).
pub const TOO_LONG: &[u8] = b"error: line too long\r\n";

// ANCHOR: stub
/// Runs one echo session; returns how many lines were echoed.
///
/// - First send `"{NAME} opening / {time}\r\n"` ([`NAME`](crate::echo::NAME),
///   `time` from `now()`).
/// - Read lines with [`read_line_capped`](crate::lines::read_line_capped) and
///   [`MAX_LINE`](crate::echo::MAX_LINE). A non-empty line comes back with
///   `\r\n` (whatever ending it had); an empty one ends the session; a
///   too-long one gets [`TOO_LONG`]; at the end of input, echo any last
///   unterminated bytes (without a trailing `\r`) and end.
/// - Last send `"{NAME} closing / {time}\r\n"`.
pub fn echo_session<R: BufRead, W: Write>(
    input: R,
    output: W,
    now: &mut dyn FnMut() -> String,
) -> io::Result<usize> {
    // TODO: the greeting, the loop over lines, the closing line.
    // TODO: flush `output` after every reply.
    let _ = (input, output, now);
    todo!()
}
// ANCHOR_END: stub
