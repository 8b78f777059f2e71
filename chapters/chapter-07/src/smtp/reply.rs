//! SMTP replies (RFC 5321 §4.2): a three-digit code and text, on one line
//! (`250 OK`) or several (`250-first`, `250-second`, `250 last`).
//!
//! [`ReplyParser`] is sans-I/O: push whatever bytes arrived, then take whole
//! replies out. It never waits for more than it has, caps every line at 512
//! octets (RFC 5321 §4.5.3.1.5) and every reply at [`MAX_REPLY_LINES`]
//! lines, and reports a broken reply instead of guessing.
//!
//! Layout: [`Reply`], [`ReplyError`], [`ReplyParser`].

/// Longest reply line, CRLF included (RFC 5321 §4.5.3.1.5).
pub const MAX_REPLY_LINE: usize = 512;
/// Most lines in one reply (our cap; an EHLO reply has a dozen or so).
pub const MAX_REPLY_LINES: usize = 100;

/// One whole reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code, such as 250.
    pub code: u16,
    /// The text of each line, after the code and its separator.
    pub lines: Vec<String>,
}

impl Reply {
    /// A one-line reply (handy in tests).
    pub fn new(code: u16, text: &str) -> Self {
        Reply {
            code,
            lines: vec![text.to_string()],
        }
    }

    /// 2xx: the command succeeded.
    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// 3xx: go on (send the data, answer the challenge).
    pub fn is_intermediate(&self) -> bool {
        (300..400).contains(&self.code)
    }

    /// 4xx: failed this time; trying again later may work.
    pub fn is_transient(&self) -> bool {
        (400..500).contains(&self.code)
    }

    /// The text of all lines, joined by spaces.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.text())
    }
}

/// Why bytes from the server are not a valid reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// A line does not start with a valid three-digit code.
    #[error("reply line {line:?} does not start with a reply code (2xx-5xx)")]
    BadCode {
        /// The line (lossy UTF-8, without its ending).
        line: String,
    },
    /// A continuation line carries another code than the first line.
    #[error("multi-line reply changes its code from {first} to {then}")]
    CodeChanged {
        /// The first line's code.
        first: u16,
        /// The different code.
        then: u16,
    },
    /// The character after the code is neither `-`, a space nor the end.
    #[error("reply line {line:?}: expected '-' or ' ' after the code")]
    BadSeparator {
        /// The line.
        line: String,
    },
    /// A line longer than [`MAX_REPLY_LINE`].
    #[error("reply line longer than {MAX_REPLY_LINE} octets (RFC 5321 §4.5.3.1.5)")]
    LineTooLong,
    /// More than [`MAX_REPLY_LINES`] lines without a final line.
    #[error("reply has more than {MAX_REPLY_LINES} lines")]
    TooManyLines,
}

/// Collects bytes and yields whole replies.
#[derive(Debug, Default)]
pub struct ReplyParser {
    buf: Vec<u8>,
    code: Option<u16>,
    lines: Vec<String>,
}

impl ReplyParser {
    /// An empty parser.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes as they came from the server.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// True when part of a reply is waiting for more bytes.
    pub fn is_partial(&self) -> bool {
        !self.buf.is_empty() || self.code.is_some()
    }

    // ANCHOR: next_reply
    /// The next whole reply, `Ok(None)` if more bytes are needed.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, ReplyError> {
        // Bounded: each pass consumes one line from the buffer.
        while let Some(end) = self.buf.iter().position(|&b| b == b'\n') {
            if end + 1 > MAX_REPLY_LINE {
                return Err(ReplyError::LineTooLong);
            }
            let raw: Vec<u8> = self.buf.drain(..=end).collect();
            let line = raw.strip_suffix(b"\n").unwrap_or(&raw);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let (code, last, text) = split_line(line)?;
            if let Some(first) = self.code
                && first != code
            {
                return Err(ReplyError::CodeChanged { first, then: code });
            }
            self.code = Some(code);
            self.lines.push(text);
            if last {
                self.code = None;
                let lines = std::mem::take(&mut self.lines);
                return Ok(Some(Reply { code, lines }));
            }
            if self.lines.len() >= MAX_REPLY_LINES {
                return Err(ReplyError::TooManyLines);
            }
        }
        if self.buf.len() >= MAX_REPLY_LINE {
            return Err(ReplyError::LineTooLong);
        }
        Ok(None)
    }
    // ANCHOR_END: next_reply
}

/// Splits `250-text` into (250, false, "text"); `250 text` or `250` is last.
fn split_line(line: &[u8]) -> Result<(u16, bool, String), ReplyError> {
    let lossy = || String::from_utf8_lossy(line).into_owned();
    let code = match line.get(..3) {
        Some(&[a @ b'2'..=b'5', b @ b'0'..=b'9', c @ b'0'..=b'9']) => {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        _ => return Err(ReplyError::BadCode { line: lossy() }),
    };
    let text = String::from_utf8_lossy(line.get(4..).unwrap_or_default()).into_owned();
    match line.get(3) {
        None => Ok((code, true, String::new())),
        Some(b' ') => Ok((code, true, text)),
        Some(b'-') => Ok((code, false, text)),
        Some(_) => Err(ReplyError::BadSeparator { line: lossy() }),
    }
}
