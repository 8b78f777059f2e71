//! Exercise `idle_timers`: dropping idle clients from an event loop.
//!
//! A readiness loop waits in `poll` with a timeout; timers are how it knows
//! what that timeout should be and whom to drop when it expires. Keep, for
//! each client, the instant of its last activity; the loop asks
//! [`IdleTimers::next_deadline`] for its poll timeout and, after each turn,
//! [`IdleTimers::expired`] for the clients to close. Time is a parameter
//! (`now`), so tests need no clock and no sleeping.
//!
//! Layout: [`IdleTimers`].

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Last activity per client, and how long a client may stay idle.
#[derive(Debug, Clone)]
pub struct IdleTimers {
    idle: Duration,
    last: HashMap<u32, Instant>,
}

// ANCHOR: solution
impl IdleTimers {
    /// Clients idle for `idle` or longer expire.
    pub fn new(idle: Duration) -> Self {
        IdleTimers {
            idle,
            last: HashMap::new(),
        }
    }

    /// Client `id` was active at `now` (connected, or sent something).
    pub fn touch(&mut self, id: u32, now: Instant) {
        self.last.insert(id, now);
    }

    /// Client `id` is gone; forget it.
    pub fn remove(&mut self, id: u32) {
        self.last.remove(&id);
    }

    /// The earliest instant at which some client expires, if any.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.last.values().min().map(|&t| t + self.idle)
    }

    /// The clients expired at `now` (idle for `idle` or longer), in
    /// ascending id order; they are forgotten.
    pub fn expired(&mut self, now: Instant) -> Vec<u32> {
        let mut gone: Vec<u32> = (self.last.iter())
            .filter(|&(_, &t)| now.saturating_duration_since(t) >= self.idle)
            .map(|(&id, _)| id)
            .collect();
        gone.sort_unstable();
        for id in &gone {
            self.last.remove(id);
        }
        gone
    }
}
// ANCHOR_END: solution
