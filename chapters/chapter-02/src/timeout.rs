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
//! Layout: [`Timeouts`], [`Deadline`], [`Expired`].

use std::fmt;
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
