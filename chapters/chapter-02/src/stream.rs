//! The blocking driver: LuaSocket's `receive` and `send` over a real socket.
//!
//! [`Stream`] owns a connected socket, a [`Matcher`] (the sans-I/O pattern
//! core) and the socket's [`Timeouts`]. [`Stream::receive`] reads until the
//! pattern is complete; when the stream ends first (the peer closed, the
//! timeout ran out, the peer reset the connection, or the line was too long)
//! it returns a [`ReceiveError`] that carries the *partial* data, so nothing
//! received is lost: pass it back as the `prefix` of the next call to
//! continue where it stopped, as LuaSocket's third return value is used.
//!
//! [`Stream::send`] writes a range of a buffer and reports progress: how far
//! it got, on success and on failure alike.
//!
//! Layout: [`TimedRead`] (sockets whose read timeout can be set), [`Stream`],
//! [`Ended`] and [`ReceiveError`], [`SendError`].

use std::fmt;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::ops::Range;
use std::time::{Duration, Instant};

use crate::pattern::{Match, Matcher, Pattern};
use crate::timeout::Timeouts;

/// A byte stream whose read timeout can be changed between reads.
pub trait TimedRead: Read + Write {
    /// Sets the timeout of the next reads (`None`: block forever).
    fn set_read_timeout(&mut self, t: Option<Duration>) -> io::Result<()>;
}

impl TimedRead for TcpStream {
    fn set_read_timeout(&mut self, t: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, t)
    }
}

impl TimedRead for socket2::Socket {
    fn set_read_timeout(&mut self, t: Option<Duration>) -> io::Result<()> {
        socket2::Socket::set_read_timeout(self, t)
    }
}

/// Why a receive ended without completing its pattern (LuaSocket's error
/// strings `closed` and `timeout`, plus what LuaSocket leaves implicit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The peer closed the connection.
    Closed,
    /// The block or the total timeout ran out.
    Timeout,
    /// The peer reset the connection (RST).
    Reset,
    /// The line or block was over the cap.
    TooLong,
    /// Another I/O error.
    Other(io::ErrorKind),
}

impl fmt::Display for Ended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ended::Closed => f.write_str("closed"),
            Ended::Timeout => f.write_str("timeout"),
            Ended::Reset => f.write_str("connection reset by peer"),
            Ended::TooLong => f.write_str("line too long"),
            Ended::Other(kind) => write!(f, "{kind}"),
        }
    }
}

/// A receive that did not complete, with the data it did get (prefix included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiveError {
    /// Why it ended.
    pub ended: Ended,
    /// The prefix and whatever came before the end.
    pub partial: Vec<u8>,
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} after {} bytes ({:?})",
            self.ended,
            self.partial.len(),
            String::from_utf8_lossy(&self.partial)
        )
    }
}

impl std::error::Error for ReceiveError {}

/// A send that stopped early: `sent` is the index one past the last byte
/// written (LuaSocket's "last byte sent", counted from 1, is the same number).
#[derive(Debug)]
pub struct SendError {
    /// End of the written part of the buffer.
    pub sent: usize,
    /// What stopped it.
    pub error: io::Error,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (sent up to byte {})", self.error, self.sent)
    }
}

impl std::error::Error for SendError {}

/// Maps an I/O error of a read to why the receive ended.
pub fn ended_by(e: &io::Error) -> Ended {
    use io::ErrorKind::*;
    match e.kind() {
        WouldBlock | TimedOut => Ended::Timeout,
        ConnectionReset | ConnectionAborted => Ended::Reset,
        UnexpectedEof => Ended::Closed,
        kind => Ended::Other(kind),
    }
}

/// A connected socket with receive patterns, progress-reporting sends and
/// block/total timeouts.
#[derive(Debug)]
pub struct Stream<S> {
    socket: S,
    matcher: Matcher,
    timeouts: Timeouts,
}

impl<S: TimedRead> Stream<S> {
    /// Wraps a connected socket, with no timeouts and the default caps.
    pub fn new(socket: S) -> Self {
        Stream {
            socket,
            matcher: Matcher::default(),
            timeouts: Timeouts::NONE,
        }
    }

    /// Replaces the caps (longest line, largest block).
    pub fn with_caps(mut self, max_line: usize, max_block: usize) -> Self {
        self.matcher = Matcher::new(max_line, max_block);
        self
    }

    /// LuaSocket's `settimeout`: limits for every later receive.
    pub fn set_timeouts(&mut self, timeouts: Timeouts) {
        self.timeouts = timeouts;
    }

    /// The socket.
    pub fn get_ref(&self) -> &S {
        &self.socket
    }

    /// Gives the socket back (bytes buffered and not yet received are lost).
    pub fn into_inner(self) -> S {
        self.socket
    }

    // ANCHOR: receive
    /// Receives what `pattern` asks for, after `prefix`. On failure the
    /// error holds `prefix` and everything received (it is consumed).
    pub fn receive(&mut self, pattern: Pattern, prefix: &[u8]) -> Result<Vec<u8>, ReceiveError> {
        let deadline = self.timeouts.start(Instant::now());
        let mut chunk = [0u8; 8192];
        // Bounded: each pass returns, or reads at least one byte into a
        // capped buffer, or waits at most until the deadline.
        loop {
            match self.matcher.next(pattern) {
                Match::Ready(data) => return Ok([prefix, &data].concat()),
                Match::TooLong(data) => return Err(self.fail(Ended::TooLong, prefix, data)),
                Match::Pending => {}
            }
            let Ok(wait) = deadline.next_wait(Instant::now()) else {
                return Err(self.end(Ended::Timeout, pattern, prefix));
            };
            let read = self
                .socket
                .set_read_timeout(wait)
                .and_then(|()| self.socket.read(&mut chunk));
            match read {
                Ok(0) if pattern == Pattern::All => {
                    return Ok([prefix, &self.matcher.take_partial(pattern)].concat());
                }
                Ok(0) => return Err(self.end(Ended::Closed, pattern, prefix)),
                Ok(n) => self.matcher.feed(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.end(ended_by(&e), pattern, prefix)),
            }
        }
    }
    // ANCHOR_END: receive

    fn end(&mut self, ended: Ended, pattern: Pattern, prefix: &[u8]) -> ReceiveError {
        let partial = self.matcher.take_partial(pattern);
        self.fail(ended, prefix, partial)
    }

    fn fail(&self, ended: Ended, prefix: &[u8], data: Vec<u8>) -> ReceiveError {
        ReceiveError {
            ended,
            partial: [prefix, &data].concat(),
        }
    }

    // ANCHOR: send
    /// Sends `data[range]`, returning the index one past the last byte sent
    /// (`range.end` on success). A failure says how far it got, so the
    /// caller can resume with `sent..range.end`.
    pub fn send(&mut self, data: &[u8], range: Range<usize>) -> Result<usize, SendError> {
        let end = range.end.min(data.len());
        let mut at = range.start.min(end);
        // Bounded: every pass writes at least one byte or returns.
        while at < end {
            match self.socket.write(&data[at..end]) {
                Ok(0) => {
                    let error = io::Error::new(io::ErrorKind::WriteZero, "the peer takes no more");
                    return Err(SendError { sent: at, error });
                }
                Ok(n) => at += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(SendError { sent: at, error }),
            }
        }
        Ok(at)
    }
    // ANCHOR_END: send

    /// Sends all of `data`.
    pub fn send_all(&mut self, data: &[u8]) -> Result<usize, SendError> {
        self.send(data, 0..data.len())
    }
}
