//! Reading lines with a cap, for programs that read from a peer: a line
//! longer than the cap is skipped through its end and reported, never
//! buffered in full (a peer that never sends a newline must not exhaust
//! memory).
//!
//! Layout: [`LineRead`], [`read_line_capped`], [`trim_eol`].

use std::io::{self, BufRead, Read};

/// What [`read_line_capped`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineRead {
    /// A line, its ending (`\n` or `\r\n`) removed.
    Line(Vec<u8>),
    /// A line longer than the cap; it was read through its end and dropped.
    TooLong,
    /// End of input; any bytes after the last newline (may be empty).
    Eof(Vec<u8>),
}

// ANCHOR: read_line_capped
/// Reads one line of at most `max` bytes (its ending not counted).
pub fn read_line_capped(input: &mut impl BufRead, max: usize) -> io::Result<LineRead> {
    let mut line = Vec::new();
    // `take` bounds what one call can buffer; +2 leaves room for CR LF.
    let n = (&mut *input)
        .take(max as u64 + 2)
        .read_until(b'\n', &mut line)?;
    let complete = line.ends_with(b"\n");
    if complete {
        trim_eol(&mut line);
        if line.len() <= max {
            return Ok(LineRead::Line(line));
        }
    } else if n < max + 2 {
        return Ok(LineRead::Eof(line));
    }
    // Too long: drop the rest of the line, chunk by chunk.
    if !complete {
        loop {
            let buf = input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    input.consume(i + 1);
                    break;
                }
                None => {
                    let len = buf.len();
                    input.consume(len);
                }
            }
        }
    }
    Ok(LineRead::TooLong)
}
// ANCHOR_END: read_line_capped

/// Removes a trailing `\n` and then a trailing `\r`.
pub fn trim_eol(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}
