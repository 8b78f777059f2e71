//! Small blocking SMTP and POP3 clients for tests that drive the harness's
//! own mail peers (the peers' tests, many learners at once through
//! `workbook peer room`, `workbook peer smtp|pop3` run by hand).
//!
//! They are deliberately plain: they send what they are told and read
//! replies with the timeouts of [`crate::peer::client::connect`], capped
//! lines and capped multi-line data, so a misbehaving server fails a test
//! instead of hanging it. Chapters 7 and 8 teach the real clients; these
//! only have to be obviously right.
//!
//! # Layout
//! - this file: what both share: [`read_line`] (one capped line) and
//!   [`read_block`] (a dot-terminated block, unstuffed).
//! - [`smtp`]: the SMTP client, [`SmtpClient`], and its [`Reply`] (the
//!   SMTP reply reader).
//! - [`pop3`]: the POP3 client, [`Pop3Client`].

pub mod pop3;
pub mod smtp;

use std::io::{self, BufRead, Read};

pub use pop3::Pop3Client;
pub use smtp::{Reply, SmtpClient};

use super::dot;

/// Longest line read, line end included: an SMTP reply line may hold 512
/// octets (RFC 5321 §4.5.3.1.5), a POP3 data line is a message line
/// (RFC 5322 §2.1.1: 1000), with room.
pub const MAX_LINE: u64 = 2048;

/// Reads one line (with its line end) of at most [`MAX_LINE`] bytes; an
/// error at end of stream or when the line is too long.
pub fn read_line(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    reader.take(MAX_LINE).read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    if !line.ends_with(b"\n") {
        return Err(invalid(format!(
            "a line longer than {MAX_LINE} bytes (or cut short by the close)"
        )));
    }
    Ok(line)
}

/// [`read_line`] as text (invalid UTF-8 replaced), for status lines.
pub fn read_text_line(reader: &mut impl BufRead) -> io::Result<String> {
    read_line(reader).map(|l| String::from_utf8_lossy(&l).into_owned())
}

/// Reads data lines up to the `.` line (RFC 1939 §3, RFC 5321 §4.5.2)
/// and returns them unstuffed, without the `.` line; an error when the
/// data grows past `max` bytes before the `.` line comes.
pub fn read_block(reader: &mut impl BufRead, max: usize) -> io::Result<Vec<u8>> {
    let mut data = Vec::new();
    while data.len() <= max {
        let line = read_line(reader)?;
        if line == dot::END {
            return Ok(data);
        }
        data.extend_from_slice(dot::unstuff(&line));
    }
    Err(invalid(format!(
        "more than {max} bytes of data without the final `.` line"
    )))
}

/// An `InvalidData` error saying `what`.
fn invalid(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_unstuffed_and_ends_at_the_dot_line() {
        let mut input: &[u8] = b"..one\r\ntwo\r\n.\r\nafter\r\n";
        assert_eq!(read_block(&mut input, 100).unwrap(), b".one\r\ntwo\r\n");
        assert_eq!(read_line(&mut input).unwrap(), b"after\r\n");
    }

    #[test]
    fn a_block_without_its_end_is_an_error_not_a_hang() {
        let mut input: &[u8] = b"one\r\n";
        let e = read_block(&mut input, 100).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        let mut big: &[u8] = &b"xxxxxxxxx\r\n".repeat(20);
        let e = read_block(&mut big, 50).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn an_overlong_line_is_an_error() {
        let long = vec![b'x'; MAX_LINE as usize + 10];
        let e = read_line(&mut long.as_slice()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }
}
