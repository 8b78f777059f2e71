//! Reference solution for exercise `echo_core` (chapter 9).
//!
//! The seed's echo service over any reader and writer: greeting, one echo
//! per non-empty line, closing line at the first empty line or at the end of
//! input. Every reply is flushed, because under a super-server the writer is
//! the client's connection.
//!
//! Layout: [`echo_session`], [`TOO_LONG`].

use std::io::{self, BufRead, Write};

use crate::echo::{MAX_LINE, NAME};
use crate::lines::{LineRead, read_line_capped};

/// The reply to a line longer than [`MAX_LINE`] (the line is dropped).
pub const TOO_LONG: &[u8] = b"error: line too long\r\n";

// ANCHOR: echo_session
/// Runs one echo session; returns how many lines were echoed.
pub fn echo_session<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    now: &mut dyn FnMut() -> String,
) -> io::Result<usize> {
    let mut send = |bytes: &[u8]| output.write_all(bytes).and_then(|()| output.flush());
    send(format!("{NAME} opening / {}\r\n", now()).as_bytes())?;
    let mut echoed = 0;
    loop {
        let line = match read_line_capped(&mut input, MAX_LINE)? {
            LineRead::Line(line) if line.is_empty() => break,
            LineRead::Line(line) => line,
            LineRead::TooLong => {
                send(TOO_LONG)?;
                continue;
            }
            LineRead::Eof(mut rest) => {
                rest.pop_if(|b| *b == b'\r');
                if !rest.is_empty() {
                    send(&[rest.as_slice(), b"\r\n"].concat())?;
                    echoed += 1;
                }
                break;
            }
        };
        send(&[line.as_slice(), b"\r\n"].concat())?;
        echoed += 1;
    }
    send(format!("{NAME} closing / {}\r\n", now()).as_bytes())?;
    Ok(echoed)
}
// ANCHOR_END: echo_session
