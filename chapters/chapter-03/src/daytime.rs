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
//! ([`daytime_line`], in UTC, the date from [`crate::calendar`]).
//!
//! This module holds the parts that are pure functions of bytes and time,
//! so they are tested without sockets: what a client sends ([`REQUEST`]),
//! what a server answers ([`reply`]), and how a client checks and cleans
//! the answer it got ([`parse_reply`]). Time is a parameter, a [`Clock`],
//! never read inside: a test stops the clock and gets the same bytes every
//! run. The network drivers are in [`crate::ask`] (clients) and
//! [`crate::server`] (the server).
//!
//! # Layout
//! [`PORT`], [`REQUEST`], [`MAX_REPLY`]; [`Clock`] ([`system_clock`],
//! [`fixed_clock`]); [`daytime_line`], [`reply`]; [`ReplyError`],
//! [`parse_reply`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::calendar::{MONTH_NAMES, WEEKDAY_NAMES, civil_from_days, days_and_seconds, weekday};

/// The well-known daytime port (RFC 867). Binding it needs privileges, so
/// our programs take another port as an argument.
pub const PORT: u16 = 13;

/// What our client sends over UDP. RFC 867 ignores the content, so any
/// datagram does; the seed sends the word "anything" for the same reason.
pub const REQUEST: &[u8] = b"what time is it?\n";

/// Longest reply a client accepts. The RFC sets no limit; a date line is
/// about 40 bytes, so anything past this is not a daytime reply.
pub const MAX_REPLY: usize = 512;

/// Where a server gets "now" from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's clock.
    System,
    /// A clock stopped at this instant (tests, `--fixed-time`).
    Fixed(SystemTime),
}

impl Clock {
    /// The current time by this clock.
    pub fn now(&self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// The machine's clock.
pub fn system_clock() -> Clock {
    Clock::System
}

/// A clock stopped at `unix_secs` seconds after 1970-01-01 00:00:00 UTC
/// (negative: before).
pub fn fixed_clock(unix_secs: i64) -> Clock {
    let offset = Duration::from_secs(unix_secs.unsigned_abs());
    Clock::Fixed(if unix_secs < 0 {
        UNIX_EPOCH - offset
    } else {
        UNIX_EPOCH + offset
    })
}

// ANCHOR: daytime_line
/// The RFC 867 line for `now`, in UTC, ending in CRLF:
/// `Wednesday, March 14, 2007 15:09:26-UTC\r\n`.
pub fn daytime_line(now: SystemTime) -> String {
    // Whole seconds since the epoch, rounded down; before it,
    // `duration_since` fails and its error holds the distance back.
    let unix_secs = match now.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => {
            let back = before.duration();
            -(back.as_secs() as i64) - i64::from(back.subsec_nanos() > 0)
        }
    };
    let (days, secs) = days_and_seconds(unix_secs);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {} {day}, {year} {:02}:{:02}:{:02}-UTC\r\n",
        WEEKDAY_NAMES[weekday(days)],
        MONTH_NAMES[month as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
    )
}
// ANCHOR_END: daytime_line

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
    fn formats_known_instants() {
        let line = |secs| daytime_line(fixed_clock(secs).now());
        assert_eq!(line(0), "Thursday, January 1, 1970 00:00:00-UTC\r\n");
        assert_eq!(
            line(1_173_884_966),
            "Wednesday, March 14, 2007 15:09:26-UTC\r\n"
        );
        assert_eq!(line(-1), "Wednesday, December 31, 1969 23:59:59-UTC\r\n");
    }

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
