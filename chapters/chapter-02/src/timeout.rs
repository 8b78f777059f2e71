//! Block and total timeouts, as LuaSocket's `settimeout` has them.
//!
//! One receive may need several reads from the operating system (a line
//! trickling in a byte at a time). A *block* timeout bounds each of those
//! reads; a *total* timeout bounds the whole call. They are not the same: a
//! peer sending one byte every 0.9 s never trips a 1 s block timeout, yet a
//! 100-byte line then takes 90 s. Only the total timeout stops it.
//!
//! A total timeout is best kept as a [`Deadline`], an instant fixed when the
//! call starts: before each read the wait is the smaller of the block
//! timeout and the time left. Time is a parameter (`now`), never read here,
//! so the arithmetic is tested without clocks.
//!
//! [`TimedStream`] applies both to every read and write of a TCP stream:
//! the later chapters' clients (HTTP, SMTP, POP3) use it so that a server
//! trickling its answer cannot hold them forever.
//!
//! Layout: [`Timeouts`], [`Deadline`], [`Expired`], [`TimedStream`].

use std::fmt;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The shortest wait handed to the OS. A read timeout of zero means
/// "forever" to `setsockopt`, and `std` refuses it, so a wait this short
/// stands in for "poll once".
pub const MIN_WAIT: Duration = Duration::from_millis(1);

/// The timeouts of a socket: `None` means no limit (block forever).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timeouts {
    /// Longest wait of one OS call.
    pub block: Option<Duration>,
    /// Longest time of one whole receive or send.
    pub total: Option<Duration>,
}

impl Timeouts {
    /// No limits: every call may block forever (LuaSocket's default).
    pub const NONE: Timeouts = Timeouts {
        block: None,
        total: None,
    };

    /// Only a block timeout (`settimeout(t)` or `settimeout(t, 'b')`).
    pub fn block(t: Duration) -> Self {
        Timeouts {
            block: Some(t),
            total: None,
        }
    }

    /// Only a total timeout (`settimeout(t, 't')`).
    pub fn total(t: Duration) -> Self {
        Timeouts {
            block: None,
            total: Some(t),
        }
    }

    /// The deadline of a call that starts at `now`.
    pub fn start(self, now: Instant) -> Deadline {
        Deadline {
            end: self.total.map(|t| now + t),
            block: self.block,
        }
    }
}

/// The total timeout ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expired;

impl fmt::Display for Expired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the total timeout expired")
    }
}

impl std::error::Error for Expired {}

/// The limits of one call in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    end: Option<Instant>,
    block: Option<Duration>,
}

impl Deadline {
    /// When the whole call must be over, if ever.
    pub fn end(&self) -> Option<Instant> {
        self.end
    }

    // ANCHOR: next_wait
    /// How long the next OS call may wait (`None`: forever), or [`Expired`]
    /// when no time is left. Never returns a zero wait (see [`MIN_WAIT`]).
    pub fn next_wait(&self, now: Instant) -> Result<Option<Duration>, Expired> {
        let left = match self.end {
            Some(end) if end <= now => return Err(Expired),
            Some(end) => Some(end - now),
            None => None,
        };
        let wait = match (self.block, left) {
            (Some(b), Some(l)) => Some(b.min(l)),
            (b, l) => b.or(l),
        };
        Ok(wait.map(|w| w.max(MIN_WAIT)))
    }
    // ANCHOR_END: next_wait
}

/// A TCP stream whose every OS call waits at most the block timeout and
/// never past one deadline fixed for the whole conversation. A timeout is
/// an error of kind `TimedOut` that says which limit ran out.
#[derive(Debug)]
pub struct TimedStream {
    stream: TcpStream,
    deadline: Deadline,
}

impl TimedStream {
    /// `stream` with `block` per call and everything over by `end`.
    pub fn new(stream: TcpStream, block: Option<Duration>, end: Option<Instant>) -> Self {
        TimedStream {
            stream,
            deadline: Deadline { end, block },
        }
    }

    /// Changes the block timeout (the deadline stays).
    pub fn set_block(&mut self, block: Option<Duration>) {
        self.deadline.block = block;
    }

    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.deadline.next_wait(Instant::now()).is_err()
    }

    /// The stream itself.
    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }

    /// The wait for the next call, or the total timeout's error.
    fn wait(&self) -> io::Result<Option<Duration>> {
        (self.deadline.next_wait(Instant::now()))
            .map_err(|e| io::Error::new(io::ErrorKind::TimedOut, e))
    }

    /// Says which limit a timed-out call ran into.
    fn explain(&self, e: io::Error) -> io::Error {
        if !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ) {
            return e;
        }
        match (self.wait(), self.deadline.block) {
            (Err(total), _) => total,
            (Ok(_), Some(block)) => io::Error::new(
                io::ErrorKind::TimedOut,
                format!("nothing for {} s (the block timeout)", block.as_secs_f32()),
            ),
            (Ok(_), None) => e,
        }
    }
}

impl Read for TimedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(self.wait()?)?;
        self.stream.read(buf).map_err(|e| self.explain(e))
    }
}

impl Write for TimedStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(self.wait()?)?;
        self.stream.write(buf).map_err(|e| self.explain(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
