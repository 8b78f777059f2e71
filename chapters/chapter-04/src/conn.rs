//! One connection's buffers, with the caps that give backpressure.
//!
//! A readiness loop must never block, so each connection keeps what it has
//! read but not yet cut into lines (chapter 2's [`Matcher`]) and what it must
//! still write (`out`). Both are capped:
//!
//! - while `out` holds [`MAX_OUT`] bytes or more, the connection is neither
//!   read nor given more lines to handle. A client that never reads its
//!   replies therefore stops being read: its own kernel buffers fill up and
//!   *it* blocks, while the server goes on serving everyone else;
//! - a line longer than [`MAX_LINE`] is a protocol error: the connection
//!   is closed after the error line [`TOO_LONG`], which the engine queues
//!   *behind* the replies to the lines before it (order is the protocol).
//!
//! When the client half-closes, an unterminated last line is still a line:
//! [`Conn::end_input`] keeps it, [`Conn::next_line`] hands it out, and only
//! then is the connection closing. Dropping it silently would lose data.
//!
//! Layout: [`Conn`] (buffers and the questions a loop asks: [`Conn::wants_read`],
//! [`Conn::wants_write`]), [`Input`].

use chapter_02::pattern::{Match, Matcher, Pattern};

/// Longest accepted line (bytes, end of line excluded). The seed's lines are
/// typed by a person; 1 KiB is plenty and keeps 10,000 idle clients cheap.
pub const MAX_LINE: usize = 1024;
/// Output bytes pending beyond which a connection is not read any more.
pub const MAX_OUT: usize = 16 * 1024;
/// The reply to an over-long line, sent before closing.
pub const TOO_LONG: &[u8] = b"error: line too long\r\n";

/// What [`Conn::next_line`] found in the input buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A complete line (no LF, no CRs).
    Line(Vec<u8>),
    /// No complete line yet, or output is over its cap: wait.
    Wait,
    /// The peer sent a line over [`MAX_LINE`]: queue [`TOO_LONG`] after
    /// the replies so far; the connection is closing.
    TooLong,
}

/// The buffers of one connection.
#[derive(Debug)]
pub struct Conn {
    input: Matcher,
    /// Bytes still to write, from `out[sent..]`.
    out: Vec<u8>,
    sent: usize,
    /// The peer sent its last byte (end of stream): no more reads.
    eof: bool,
    /// No more input is wanted (quit, error, or input ended and all of it
    /// was handed out): flush and close.
    pub closing: bool,
}

impl Default for Conn {
    fn default() -> Self {
        Conn {
            input: Matcher::new(MAX_LINE, MAX_LINE),
            out: Vec::new(),
            sent: 0,
            eof: false,
            closing: false,
        }
    }
}

impl Conn {
    /// Adds bytes read from the socket.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.input.feed(bytes);
    }

    /// The read found the end of the stream: what is buffered is all there
    /// will be.
    pub fn end_input(&mut self) {
        self.eof = true;
    }

    /// The next complete line, unless output is backed up. After
    /// [`Conn::end_input`], an unterminated rest is the last line; once
    /// everything was handed out the connection is closing.
    pub fn next_line(&mut self) -> Input {
        if self.closing || self.backed_up() {
            return Input::Wait;
        }
        match self.input.next(Pattern::Line) {
            Match::Ready(line) => Input::Line(line),
            Match::Pending if self.eof => {
                self.closing = true;
                match self.input.take_partial(Pattern::Line) {
                    rest if rest.is_empty() => Input::Wait,
                    rest => Input::Line(rest),
                }
            }
            Match::Pending => Input::Wait,
            Match::TooLong(_) => {
                self.closing = true;
                Input::TooLong
            }
        }
    }

    /// Queues bytes to send.
    pub fn queue(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    /// The output buffer, for sessions that append replies directly.
    pub fn out_mut(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }

    /// Bytes queued and not yet written.
    pub fn pending(&self) -> usize {
        self.out.len() - self.sent
    }

    /// The bytes to try writing now.
    pub fn unsent(&self) -> &[u8] {
        &self.out[self.sent..]
    }

    /// `n` bytes of [`Conn::unsent`] were written (a partial write is normal).
    pub fn written(&mut self, n: usize) {
        self.sent += n;
        if self.sent == self.out.len() {
            // Everything went out: reuse the allocation from the start.
            self.out.clear();
            self.sent = 0;
        }
    }

    // ANCHOR: interest
    /// Whether the loop should ask for readability: not while closing, and
    /// not while output is backed up (backpressure) or input is full.
    pub fn wants_read(&self) -> bool {
        !self.closing && !self.eof && !self.backed_up() && self.input.buffered() <= MAX_LINE
    }

    /// Whether the loop should ask for writability: only while output is
    /// pending, or every idle connection would wake the loop all the time.
    pub fn wants_write(&self) -> bool {
        self.pending() > 0
    }
    // ANCHOR_END: interest

    /// Whether output is over its cap, holding back lines and reads.
    pub fn backed_up(&self) -> bool {
        self.pending() >= MAX_OUT
    }

    /// Whether the connection is finished: closing and fully flushed.
    pub fn done(&self) -> bool {
        self.closing && self.pending() == 0
    }
}
