//! Exercise `deadline`: a total timeout kept as a deadline.
//!
//! A block timeout limits each read; a total timeout limits the whole
//! receive, however many reads it takes. Fix the end instant once, when the
//! call starts, and before every read wait at most the smaller of the block
//! timeout and the time left. Time is a parameter (`now`), so the arithmetic
//! is tested without a clock; [`read_line_within`] is the blocking use of it.
//!
//! Layout: [`TotalDeadline`] and [`read_line_within`].

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub use crate::stream::{Ended, ReceiveError, ended_by};

/// The shortest wait handed to the OS (a zero read timeout is refused).
pub const MIN_WAIT: Duration = Duration::from_millis(1);

/// When a call that started at some instant must be over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotalDeadline {
    end: Instant,
}

// ANCHOR: solution
impl TotalDeadline {
    /// The deadline of a call starting at `now` with a `total` timeout.
    pub fn new(now: Instant, total: Duration) -> Self {
        TotalDeadline { end: now + total }
    }

    /// The time left at `now`, or `None` when it has run out.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        self.end
            .checked_duration_since(now)
            .filter(|d| !d.is_zero())
    }

    /// How long the next read may wait at `now`: the smaller of `block` (if
    /// any) and the time left, at least [`MIN_WAIT`]; `None` when expired.
    pub fn wait(&self, now: Instant, block: Option<Duration>) -> Option<Duration> {
        let left = self.remaining(now)?;
        Some(block.map_or(left, |b| b.min(left)).max(MIN_WAIT))
    }
}

/// Reads one line (up to and including LF, at most `max` bytes) from
/// `stream` within `total`, no single read waiting longer than `block`.
/// Returns the line with its ending; on timeout, close or reset, what came.
pub fn read_line_within(
    stream: &mut TcpStream,
    block: Option<Duration>,
    total: Duration,
    max: usize,
) -> Result<Vec<u8>, ReceiveError> {
    let deadline = TotalDeadline::new(Instant::now(), total);
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    let fail = |ended, partial| Err(ReceiveError { ended, partial });
    while line.len() < max {
        let Some(wait) = deadline.wait(Instant::now(), block) else {
            return fail(Ended::Timeout, line);
        };
        // One byte per read: nothing after the LF is taken from the stream.
        let read = stream
            .set_read_timeout(Some(wait))
            .and_then(|()| stream.read(&mut byte));
        match read {
            Ok(0) => return fail(Ended::Closed, line),
            Ok(_) if byte[0] == b'\n' => {
                line.push(b'\n');
                return Ok(line);
            }
            Ok(_) => line.push(byte[0]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return fail(ended_by(&e), line),
        }
    }
    fail(Ended::TooLong, line)
}
// ANCHOR_END: solution
