//! The `poll` engine's listener: accepting every waiting client, and what
//! to do when `accept` fails (see the engine's module doc).

use std::io;
use std::time::{Duration, Instant};

use mio::{Interest, Token};

use super::{Entry, Loop};
use crate::conn::Conn;
use crate::control::TICK;
use crate::service::{Outbox, Service};

impl<S: Service> Loop<'_, S> {
    /// How long the next wait may be: none while work is left over, and
    /// never past the next accept retry.
    pub(super) fn timeout(&self) -> Duration {
        if !self.dirty.is_empty() {
            return Duration::ZERO;
        }
        let retry = self
            .accept_again
            .map(|t| t.saturating_duration_since(Instant::now()));
        retry.map_or(TICK, |r| r.min(TICK))
    }

    /// Accepts every waiting client (the listener is edge-triggered: one
    /// event may stand for many connections). Does nothing while backing
    /// off after a failure; the loop calls again when that is over.
    pub(super) fn accept(&mut self) {
        if self.accept_again.is_some_and(|t| Instant::now() < t) {
            return;
        }
        self.accept_again = None;
        loop {
            match self.listener.accept() {
                Ok((mut stream, addr)) => {
                    self.accept_errors.accepted();
                    let id = self.next_id;
                    self.next_id += 1;
                    let token = Token(id as usize);
                    if let Err(e) =
                        (self.poll.registry()).register(&mut stream, token, Interest::READABLE)
                    {
                        eprintln!("cannot watch {addr}: {e}");
                        continue;
                    }
                    let conn = Conn::default();
                    let interest = Interest::READABLE;
                    self.conns.insert(
                        id,
                        Entry {
                            stream,
                            addr,
                            conn,
                            interest,
                            read_closed: false,
                        },
                    );
                    let mut out = Outbox::default();
                    self.service.open(id, &mut out);
                    self.apply(out);
                    self.table_changed = true;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // Out of descriptors, typically: the client stays queued.
                    let wait = self.accept_errors.failed(&e);
                    self.accept_again = Some(Instant::now() + wait);
                    return;
                }
            }
        }
    }
}
