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

// The stub leaves some private items unused until you write the bodies.
#![allow(dead_code, unused_imports)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Last activity per client, and how long a client may stay idle.
#[derive(Debug, Clone)]
pub struct IdleTimers {
    idle: Duration,
    last: HashMap<u32, Instant>,
}

// ANCHOR: stub
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
        // TODO: remember `now` as the client's last activity.
        let _ = (id, now);
        todo!("touch")
    }

    /// Client `id` is gone; forget it.
    pub fn remove(&mut self, id: u32) {
        // TODO: forget the client.
        let _ = id;
        todo!("remove")
    }

    /// The earliest instant at which some client expires, if any.
    pub fn next_deadline(&self) -> Option<Instant> {
        // TODO: see the doc comment; `None` without clients.
        todo!("the loop's next poll timeout")
    }

    /// The clients expired at `now` (idle for `idle` or longer), in
    /// ascending id order; they are forgotten.
    pub fn expired(&mut self, now: Instant) -> Vec<u32> {
        // TODO: see the doc comment. A `now` earlier than a client's last
        // activity means that client has not been idle at all.
        let _ = now;
        todo!("who to drop")
    }
}
// ANCHOR_END: stub
