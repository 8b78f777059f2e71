//! The status line that starts every POP3 reply (RFC 1939 §3).
//!
//! `+OK` or `-ERR`, then optionally a space and text, then CRLF. A status
//! line may be up to 512 octets with its CRLF (RFC 2449 §4); we refuse
//! longer ones instead of buffering without end. Servers are told to use
//! upper case, but clients should accept `+ok` too.
//!
//! Layout: [`MAX_STATUS_LINE`], [`Status`], [`Status::parse`].

use super::Pop3Error;

/// Longest status line, CRLF included (RFC 2449 §4).
pub const MAX_STATUS_LINE: usize = 512;

// ANCHOR: status
/// A parsed status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// `+OK` (true) or `-ERR` (false).
    pub ok: bool,
    /// The text after the indicator, without the separating space.
    pub text: String,
}

impl Status {
    /// Parses one line (its CRLF or LF may be present).
    pub fn parse(line: &[u8]) -> Result<Status, Pop3Error> {
        if line.len() > MAX_STATUS_LINE {
            return Err(Pop3Error::Protocol(format!(
                "status line of {} bytes (the limit is {MAX_STATUS_LINE})",
                line.len()
            )));
        }
        let line = trim_eol(line);
        let (ok, rest) = if starts_with_ci(line, b"+OK") {
            (true, &line[3..])
        } else if starts_with_ci(line, b"-ERR") {
            (false, &line[4..])
        } else {
            let shown = String::from_utf8_lossy(line);
            return Err(Pop3Error::Protocol(format!(
                "expected +OK or -ERR, got {shown:?}"
            )));
        };
        // `+OKAY` is not `+OK`: the indicator must end the line or be
        // followed by a space.
        let text = match rest {
            [] => &[][..],
            [b' ', text @ ..] => text,
            _ => {
                let shown = String::from_utf8_lossy(line);
                return Err(Pop3Error::Protocol(format!("bad status line {shown:?}")));
            }
        };
        Ok(Status {
            ok,
            text: String::from_utf8_lossy(text).into_owned(),
        })
    }
}
// ANCHOR_END: status

/// `line` without its final CRLF or LF.
pub fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn starts_with_ci(line: &[u8], prefix: &[u8]) -> bool {
    line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}
