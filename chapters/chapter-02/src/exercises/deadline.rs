//! Exercise `deadline`: a total timeout kept as a deadline.
//!
//! A block timeout limits each read; a total timeout limits the whole
//! receive, however many reads it takes. Fix the end instant once, when the
//! call starts, and before every read wait at most the smaller of the block
//! timeout and the time left. Time is a parameter (`now`), so the arithmetic
//! is tested without a clock; [`read_line_within`] is the blocking use of it.
//!
//! Layout: [`TotalDeadline`] and [`read_line_within`].

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

// ANCHOR: stub
impl TotalDeadline {
    /// The deadline of a call starting at `now` with a `total` timeout.
    pub fn new(now: Instant, total: Duration) -> Self {
        // TODO: remember when a call that starts at `now` must be over.
        let _ = (now, total);
        todo!()
    }

    /// The time left at `now`, or `None` when it has run out.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        // TODO: the time from `now` to the end, if any is left.
        let _ = (self.end, now);
        todo!()
    }

    /// How long the next read may wait at `now`: the smaller of `block` (if
    /// any) and the time left, at least [`MIN_WAIT`]; `None` when expired.
    pub fn wait(&self, now: Instant, block: Option<Duration>) -> Option<Duration> {
        // TODO: the wait the doc comment describes.
        let _ = (now, block);
        todo!()
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
    // TODO: read the line under one `TotalDeadline` that starts now, taking
    // nothing from the stream after the LF. Errors: `Ended::Timeout` when
    // the total runs out, `Ended::Closed`, what `ended_by` says for an I/O
    // error, `Ended::TooLong` past `max`; each carries the bytes read so far.
    let _ = (stream, block, total, max, Instant::now());
    todo!()
}
// ANCHOR_END: stub
