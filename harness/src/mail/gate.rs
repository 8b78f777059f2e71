//! A cap on the sessions one mail server serves at once, so a full server
//! says so in its own protocol instead of closing in silence.
//!
//! The peer framework's own cap ([`PeerConfig::max_conns`]) closes extra
//! connections without a word, which a learner's client reports as a
//! baffling reset. The mail peers check this gate first and answer a
//! client over the limit with a protocol reply (SMTP `421`, POP3
//! `-ERR [SYS/TEMP]`) that a client shows and a person understands.
//! Used by the SMTP and the POP3 peer.
//!
//! # Layout
//! [`DEFAULT_MAX_SESSIONS`], [`Gate`], [`Slot`].
//!
//! [`PeerConfig::max_conns`]: crate::peer::PeerConfig::max_conns

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Sessions served at once by default: a class of ~50 learners, each with
/// a few clients open, fits with room to spare.
pub const DEFAULT_MAX_SESSIONS: usize = 256;

/// Counts the open sessions of one server.
#[derive(Debug)]
pub struct Gate {
    open: AtomicUsize,
    max: usize,
}

/// One admitted session; leaving (dropping it) frees its place.
#[derive(Debug)]
pub struct Slot {
    gate: Arc<Gate>,
}

impl Gate {
    /// A gate admitting at most `max` sessions (at least one).
    pub fn new(max: usize) -> Arc<Gate> {
        Arc::new(Gate {
            open: AtomicUsize::new(0),
            max: max.max(1),
        })
    }

    /// The most sessions admitted at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// A place for one more session, or `None` when the server is full.
    pub fn enter(self: &Arc<Self>) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot { gate: self.clone() })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.gate.open.fetch_sub(1, Ordering::SeqCst);
    }
}
