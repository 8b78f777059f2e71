//! Multi-line replies: data lines up to a lone `.`, with dot-unstuffing
//! (RFC 1939 §3).
//!
//! The server sends each line of, say, a message; a line that begins with
//! `.` goes out with a second `.` in front, so that no message line can look
//! like the terminating `.` line. The reader does the reverse: a lone `.`
//! ends the reply, and one leading `.` is dropped from any other line.
//!
//! [`MultiLine`] is sans-I/O: the driver hands it one line at a time (with
//! its ending) and it says when the reply is complete. It caps the length
//! of a line and of the whole reply, so a server that never sends the `.`
//! fills no more than the cap.
//!
//! Layout: [`MAX_DATA_LINE`], [`MultiLine`].

use super::Pop3Error;

/// Longest data line we accept, ending included: RFC 5322 §2.1.1 allows
/// 998 characters plus CRLF; one more for the stuffed dot, then some slack
/// for sloppy senders.
pub const MAX_DATA_LINE: usize = 8192;

// ANCHOR: multiline
/// Collects the data lines of one multi-line reply.
#[derive(Debug, Clone)]
pub struct MultiLine {
    data: Vec<u8>,
    max_total: usize,
    done: bool,
}

impl MultiLine {
    /// A reader that refuses replies longer than `max_total` bytes.
    pub fn new(max_total: usize) -> Self {
        MultiLine {
            data: Vec::new(),
            max_total,
            done: false,
        }
    }

    /// Takes one line with its ending; returns true once the `.` line came.
    pub fn on_line(&mut self, line: &[u8]) -> Result<bool, Pop3Error> {
        if self.done {
            return Err(Pop3Error::Protocol("data after the final `.`".into()));
        }
        if line.len() > MAX_DATA_LINE {
            return Err(Pop3Error::Protocol(format!(
                "a data line of {} bytes (the limit is {MAX_DATA_LINE})",
                line.len()
            )));
        }
        if line == b".\r\n" || line == b".\n" {
            self.done = true;
            return Ok(true);
        }
        // Byte-stuffing: the server doubled a leading dot; take one away.
        let line = line.strip_prefix(b".").unwrap_or(line);
        if self.data.len() + line.len() > self.max_total {
            return Err(Pop3Error::Protocol(format!(
                "a reply longer than {} bytes",
                self.max_total
            )));
        }
        self.data.extend_from_slice(line);
        Ok(false)
    }

    /// Whether the `.` line has come.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The data, unstuffed, line endings as sent.
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}
// ANCHOR_END: multiline
