//! The daytime protocol (RFC 867), sans I/O.
//!
//! Daytime answers "what time is it?" in the simplest way a protocol can:
//! - **TCP** (RFC 867, "TCP Based Daytime Service"): the server listens on
//!   port 13; on each connection it sends the date and time as ASCII text
//!   and closes. Whatever the client sends is ignored.
//! - **UDP** ("UDP Based Daytime Service"): the server listens on port 13;
//!   each datagram it receives, whatever its content, is answered by one
//!   datagram holding the date and time.
//!
//! The RFC fixes no syntax for the text; it suggests a line like
//! `Weekday, Month Day, Year HH:MM:SS-Zone`, which is what our server sends
//! (the formatting is shared with the harness's fake peer:
//! [`harness::daytime::daytime_line`]).
//!
//! This module holds the parts that are pure functions of bytes and time,
//! so they are tested without sockets: what a client sends ([`REQUEST`]),
//! what a server answers ([`reply`]), and how a client checks and cleans
//! the answer it got ([`parse_reply`]). The network drivers are in
//! [`crate::ask`] (clients) and [`crate::server`] (the server).

use harness::daytime::{Clock, daytime_line};

pub use harness::daytime::{fixed_clock, system_clock};

/// The well-known daytime port (RFC 867). Binding it needs privileges, so
/// our programs take another port as an argument.
pub const PORT: u16 = 13;

/// What our client sends over UDP. RFC 867 ignores the content, so any
/// datagram does; the seed sends the word "anything" for the same reason.
pub const REQUEST: &[u8] = b"what time is it?\n";

/// Longest reply a client accepts. The RFC sets no limit; a date line is
/// about 40 bytes, so anything past this is not a daytime reply.
pub const MAX_REPLY: usize = 512;

// ANCHOR: reply
/// The server's answer at the time `clock` gives, as bytes to send: one
/// line ending in CRLF. The request does not matter (RFC 867).
pub fn reply(clock: &Clock) -> Vec<u8> {
    daytime_line(clock.now()).into_bytes()
}
// ANCHOR_END: reply

/// Why a reply is not a daytime reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// Nothing came (an empty datagram, or a TCP close before any byte).
    #[error("the server sent an empty reply")]
    Empty,
    /// More than [`MAX_REPLY`] bytes.
    #[error("the reply is {0} bytes long; a daytime reply is one short line (at most {MAX_REPLY})")]
    TooLong(usize),
    /// A byte that is not printable ASCII (or a line ending) at this offset.
    #[error(
        "the reply has the byte {byte:#04x} at offset {offset}; daytime text is printable ASCII"
    )]
    NotText {
        /// Where.
        offset: usize,
        /// The byte.
        byte: u8,
    },
}

// ANCHOR: parse_reply
/// Checks a reply and returns its text without the line ending. Accepts
/// CRLF, a bare LF or none: the RFC only says "ASCII", and servers differ.
pub fn parse_reply(bytes: &[u8]) -> Result<&str, ReplyError> {
    if bytes.len() > MAX_REPLY {
        return Err(ReplyError::TooLong(bytes.len()));
    }
    let text = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    if text.is_empty() {
        return Err(ReplyError::Empty);
    }
    if let Some(offset) = text
        .iter()
        .position(|&b| !(b == b' ' || b == b'\t' || b.is_ascii_graphic()))
    {
        return Err(ReplyError::NotText {
            offset,
            byte: text[offset],
        });
    }
    // Every byte is ASCII, so this cannot fail.
    Ok(std::str::from_utf8(text).unwrap_or_default())
}
// ANCHOR_END: parse_reply

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_with_the_clock_time_whatever_was_asked() {
        let clock = fixed_clock(0);
        assert_eq!(reply(&clock), b"Thursday, January 1, 1970 00:00:00-UTC\r\n");
    }

    #[test]
    fn parses_the_common_line_endings() {
        for raw in [&b"Mon Mar 14\r\n"[..], b"Mon Mar 14\n", b"Mon Mar 14"] {
            assert_eq!(parse_reply(raw), Ok("Mon Mar 14"));
        }
    }

    #[test]
    fn rejects_what_is_not_a_daytime_line() {
        assert_eq!(parse_reply(b"\r\n"), Err(ReplyError::Empty));
        assert_eq!(parse_reply(b""), Err(ReplyError::Empty));
        assert_eq!(parse_reply(&[b'x'; 600]), Err(ReplyError::TooLong(600)));
        assert_eq!(
            parse_reply(b"ok\x00then"),
            Err(ReplyError::NotText { offset: 2, byte: 0 })
        );
        assert_eq!(
            parse_reply(b"two\nlines\n"),
            Err(ReplyError::NotText {
                offset: 3,
                byte: b'\n'
            })
        );
    }
}
