//! The `poll` engine: one thread, one readiness loop, explicit state.
//!
//! This is the select model of the seed, with `epoll` (through `mio`) in
//! place of `select`: the kernel says which sockets are ready, and the loop
//! does only what cannot block. Everything a coroutine would keep on its
//! stack lives in a [`Conn`] per connection instead.
//!
//! One turn of the loop: wait for events (at most [`TICK`]); accept every
//! pending client; for each ready connection, write what is pending, then
//! read and hand complete lines to the [`Service`]; apply what the service
//! asked (bytes for any connection, closes, shutdown); finally ask the kernel
//! for exactly the readiness each touched connection needs — readable while
//! it may take input, writable *only while output is pending*.
//!
//! Layout: [`serve`] (the loop), `Loop` (its state) with `accept`, `pump`,
//! `apply`, `settle`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::net::SocketAddr;

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

use crate::conn::{Conn, Input, MAX_OUT};
use crate::control::{Options, Stop, TICK, table};
use crate::service::{Id, Outbox, Service};

const LISTENER: Token = Token(usize::MAX);
/// A connection whose output passes this (other clients' messages piling up,
/// as in chat) is dropped: its client does not read, and the server will not
/// hold unbounded memory for it.
const HARD_CAP: usize = 4 * MAX_OUT;
/// Reads per connection per turn, so one fast client cannot starve the rest.
const READS_PER_TURN: usize = 16;

struct Entry {
    stream: TcpStream,
    addr: SocketAddr,
    conn: Conn,
    interest: Interest,
}

struct Loop<'s, S: Service> {
    poll: Poll,
    listener: TcpListener,
    local: SocketAddr,
    conns: BTreeMap<Id, Entry>,
    next_id: Id,
    service: &'s mut S,
    /// Reported ready by the kernel (or holding lines to handle): pump them.
    dirty: BTreeSet<Id>,
    /// Given output by the service: flush them and update their interest.
    touched: BTreeSet<Id>,
    shutdown: bool,
    table_changed: bool,
}

// ANCHOR: serve
/// Serves `service` on `listener` until a client asks for `.shutdown` or
/// `stop` is triggered. An I/O error on one connection closes that one only.
pub fn serve<S: Service>(
    listener: std::net::TcpListener,
    service: &mut S,
    opts: Options,
    stop: &Stop,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut lp = Loop {
        poll,
        listener,
        local,
        conns: BTreeMap::new(),
        next_id: 1,
        service,
        dirty: BTreeSet::new(),
        touched: BTreeSet::new(),
        shutdown: false,
        table_changed: opts.show_table,
    };
    let mut events = Events::with_capacity(1024);
    while !lp.shutdown && !stop.stopped() {
        if std::mem::take(&mut lp.table_changed) && opts.show_table {
            print!("{}", lp.table());
        }
        match lp.poll.poll(&mut events, Some(TICK)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => r?,
        }
        for ev in events.iter() {
            match ev.token() {
                LISTENER => lp.accept(),
                Token(t) => {
                    lp.dirty.insert(t as Id);
                }
            }
        }
        lp.settle();
    }
    if lp.shutdown {
        println!("Shutting down server");
    }
    Ok(())
}
// ANCHOR_END: serve

impl<S: Service> Loop<'_, S> {
    fn table(&self) -> String {
        let clients: Vec<_> = (self.conns.iter())
            .map(|(&id, e)| (e.addr, self.service.label(id)))
            .collect();
        table(self.local, &clients)
    }

    /// Accepts every waiting client (the listener is edge-triggered: one
    /// event may stand for many connections).
    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((mut stream, addr)) => {
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
                    // Out of descriptors, typically: leave the client queued.
                    eprintln!("accept failed: {e}");
                    return;
                }
            }
        }
    }

    /// Handles every connection touched this turn until none makes progress.
    fn settle(&mut self) {
        loop {
            if let Some(id) = self.dirty.pop_first() {
                let out = self.pump(id);
                self.apply(out);
                self.touched.remove(&id);
                self.finish(id);
            } else if let Some(id) = self.touched.pop_first() {
                self.finish(id);
            } else {
                return;
            }
        }
    }

    // ANCHOR: pump
    /// Writes what is pending, reads what is waiting, and runs complete
    /// lines through the service. Never blocks.
    fn pump(&mut self, id: Id) -> Outbox {
        let mut out = Outbox::default();
        let Some(e) = self.conns.get_mut(&id) else {
            return out;
        };
        flush(e);
        // Lines held back while output was backed up come first.
        while let Input::Line(line) = e.conn.next_line() {
            self.service.line(id, &line, &mut out);
        }
        let mut buf = [0u8; 4096];
        for _ in 0..READS_PER_TURN {
            if !e.conn.wants_read() {
                break;
            }
            match e.stream.read(&mut buf) {
                Ok(0) => e.conn.closing = true,
                Ok(n) => e.conn.feed(&buf[..n]),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    e.conn.closing = true;
                    e.conn.written(e.conn.pending());
                }
            }
            while let Input::Line(line) = e.conn.next_line() {
                self.service.line(id, &line, &mut out);
            }
        }
        out
    }
    // ANCHOR_END: pump

    /// Queues what the service asked for; touched connections get pumped.
    fn apply(&mut self, out: Outbox) {
        for (id, bytes) in out.sends {
            if let Some(e) = self.conns.get_mut(&id) {
                if e.conn.pending() + bytes.len() > HARD_CAP {
                    e.conn.closing = true;
                    e.conn.written(e.conn.pending());
                } else {
                    e.conn.queue(&bytes);
                }
                self.touched.insert(id);
            }
        }
        for id in out.close {
            if let Some(e) = self.conns.get_mut(&id) {
                e.conn.closing = true;
                self.touched.insert(id);
            }
        }
        self.shutdown |= out.shutdown;
    }

    /// Closes a finished connection, or asks for the readiness it needs.
    fn finish(&mut self, id: Id) {
        let Some(e) = self.conns.get_mut(&id) else {
            return;
        };
        let backed_up = !e.conn.wants_read();
        flush(e);
        if backed_up && e.conn.wants_read() {
            // Lines held back may be buffered with nothing new to read:
            // no event will come for them, so pump this one again.
            self.dirty.insert(id);
        }
        if e.conn.done() {
            let mut e = self.conns.remove(&id).unwrap();
            let _ = self.poll.registry().deregister(&mut e.stream);
            let mut out = Outbox::default();
            self.service.close(id, &mut out);
            self.apply(out);
            self.table_changed = true;
            return;
        }
        let want = match (e.conn.wants_read(), e.conn.wants_write()) {
            (true, true) => Interest::READABLE | Interest::WRITABLE,
            (false, true) => Interest::WRITABLE,
            _ => Interest::READABLE,
        };
        if want != e.interest {
            // Re-arming also reports readiness that is already there, so
            // data that arrived while we were not reading is not lost.
            let token = Token(id as usize);
            match self.poll.registry().reregister(&mut e.stream, token, want) {
                Ok(()) => e.interest = want,
                Err(_) => e.conn.closing = true,
            }
        }
    }
}

/// Writes as much pending output as the socket takes now.
fn flush(e: &mut Entry) {
    while e.conn.wants_write() {
        match e.stream.write(e.conn.unsent()) {
            Ok(0) => break,
            Ok(n) => e.conn.written(n),
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => {
                // The peer is gone: drop its output and close.
                e.conn.closing = true;
                let n = e.conn.pending();
                e.conn.written(n);
            }
        }
    }
}
