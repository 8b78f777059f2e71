//! What a readiness loop serves: per-connection sessions, or a room where
//! connections talk to each other (chat).
//!
//! The loop in [`crate::poll`] only moves bytes. On each event it asks a
//! [`Service`] what to do and gets back [`Outbox`] entries: bytes for some
//! connection (its own or another's) and connections to close. The
//! per-connection [`Sessions`] adapter runs one [`Session`] per client;
//! [`crate::chat::Room`] is a service whose lines go to other clients.
//!
//! Layout: [`Id`], [`Outbox`], [`Service`], [`Sessions`].

use std::collections::HashMap;

use crate::session::{Session, Step};

/// A connection's number in the loop (never reused while the server runs).
pub type Id = u64;

/// What a service asks the loop to do after an event.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Bytes to queue on a connection.
    pub sends: Vec<(Id, Vec<u8>)>,
    /// Connections to close once their output is flushed.
    pub close: Vec<Id>,
    /// Stop the whole server.
    pub shutdown: bool,
}

impl Outbox {
    /// Queues `bytes` for `id`.
    pub fn send(&mut self, id: Id, bytes: impl Into<Vec<u8>>) {
        self.sends.push((id, bytes.into()));
    }
}

/// The logic a readiness loop serves.
pub trait Service {
    /// A client connected.
    fn open(&mut self, id: Id, out: &mut Outbox);
    /// A client sent a complete line.
    fn line(&mut self, id: Id, line: &[u8], out: &mut Outbox);
    /// A client is gone (closed, reset, quit or dropped).
    fn close(&mut self, id: Id, out: &mut Outbox);
    /// A short label for the connection table (the seed prints the coroutine).
    fn label(&self, _id: Id) -> String {
        String::new()
    }
}

/// One independent [`Session`] per connection, made by `start`.
pub struct Sessions<S, F: Fn() -> S> {
    start: F,
    live: HashMap<Id, S>,
}

impl<S: Session, F: Fn() -> S> Sessions<S, F> {
    /// Sessions made by `start`.
    pub fn new(start: F) -> Self {
        Sessions {
            start,
            live: HashMap::new(),
        }
    }
}

impl<S: Session, F: Fn() -> S> Service for Sessions<S, F> {
    fn open(&mut self, id: Id, _out: &mut Outbox) {
        self.live.insert(id, (self.start)());
    }

    fn line(&mut self, id: Id, line: &[u8], out: &mut Outbox) {
        let Some(session) = self.live.get_mut(&id) else {
            return;
        };
        let mut reply = Vec::new();
        match session.on_line(line, &mut reply) {
            Step::Continue => {}
            Step::Quit => out.close.push(id),
            Step::Shutdown => out.shutdown = true,
        }
        if !reply.is_empty() {
            out.send(id, reply);
        }
    }

    fn close(&mut self, id: Id, _out: &mut Outbox) {
        self.live.remove(&id);
    }

    fn label(&self, id: Id) -> String {
        if self.live.contains_key(&id) {
            format!("session {id}")
        } else {
            String::new()
        }
    }
}
