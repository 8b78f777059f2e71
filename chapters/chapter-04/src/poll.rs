//! The `poll` engine: one thread, one readiness loop, explicit state.
//!
//! This is the select model of the seed, with `epoll` (through `mio`) in
//! place of `select`: the kernel says which sockets are ready, and the loop
//! does only what cannot block. Everything a coroutine would keep on its
//! stack lives in a [`Conn`] per connection instead.
//!
//! One turn of the loop: wait for events (at most [`TICK`](crate::control::TICK)); accept every
//! pending client; for each ready connection, write what is pending, then
//! read and hand complete lines to the [`Service`]; apply what the service
//! asked (bytes for any connection, closes, shutdown); finally ask the kernel
//! for exactly the readiness each touched connection needs — readable while
//! it may take input, writable *only while output is pending*.
//!
//! Events are edge-triggered: the kernel reports a socket once when it
//! becomes ready, not again while it stays ready. So whatever stops short of
//! "would block" must be remembered by the loop itself:
//! - a connection that used up its reads for this turn, or whose held-back
//!   lines can go on, is pumped again next turn (which then does not sleep);
//! - when `accept` fails (out of descriptors) the clients stay queued and no
//!   new event will come for them: the loop retries after
//!   [`crate::control::ACCEPT_BACKOFF`] by itself.
//!
//! Layout: [`serve`] (the loop), `Loop` (its state) with `pump`, `apply`,
//! `settle`, `finish`; its `accept` and `timeout` (accepting, and backing
//! off) are in `poll/accept.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::Instant;

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

use crate::conn::{Conn, Input, MAX_OUT, TOO_LONG};
use crate::control::{AcceptErrors, Options, Stop, table};

mod accept;
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
    /// An event said the peer's end of stream has arrived: read on until
    /// "would block" to see it, whatever [`SHORT_READ_DRAINS`] says.
    read_closed: bool,
}

/// Whether a read that returned less than it asked for leaves the socket
/// empty for now. On Linux, epoll reports every new arrival, so the read
/// that would only say "would block" can be skipped: one system call less
/// per line (nginx relies on the same). Other systems' pollers may report
/// again only after a "would block", so there the loop reads until it.
const SHORT_READ_DRAINS: bool = cfg!(target_os = "linux");

struct Loop<'s, S: Service> {
    poll: Poll,
    listener: TcpListener,
    local: SocketAddr,
    conns: BTreeMap<Id, Entry>,
    next_id: Id,
    service: &'s mut S,
    /// Reported ready by the kernel, or left with work by the last turn:
    /// pump them (on the next turn, so one client cannot hog this one).
    dirty: BTreeSet<Id>,
    /// Given output by the service: flush them and update their interest.
    touched: BTreeSet<Id>,
    shutdown: bool,
    table_changed: bool,
    accept_errors: AcceptErrors,
    /// After a failed `accept`: when to try again.
    accept_again: Option<Instant>,
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
        accept_errors: AcceptErrors::default(),
        accept_again: None,
    };
    let mut events = Events::with_capacity(1024);
    while !lp.shutdown && !stop.stopped() {
        if std::mem::take(&mut lp.table_changed) && opts.show_table {
            print!("{}", lp.table());
        }
        match lp.poll.poll(&mut events, Some(lp.timeout())) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => r?,
        }
        for ev in events.iter() {
            match ev.token() {
                LISTENER => lp.accept(),
                Token(t) => {
                    if ev.is_read_closed()
                        && let Some(e) = lp.conns.get_mut(&(t as Id))
                    {
                        e.read_closed = true;
                    }
                    lp.dirty.insert(t as Id);
                }
            }
        }
        if lp.accept_again.is_some_and(|t| Instant::now() >= t) {
            lp.accept();
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

    /// Handles the connections ready this turn, then every connection they
    /// touched until none is left. Work they leave goes to the next turn.
    fn settle(&mut self) {
        let mut ready = std::mem::take(&mut self.dirty);
        loop {
            if let Some(id) = ready.pop_first() {
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
        lines(&mut *self.service, id, &mut e.conn, &mut out);
        let mut buf = [0u8; 4096];
        let mut drained = false;
        for _ in 0..READS_PER_TURN {
            if !e.conn.wants_read() {
                drained = true;
                break;
            }
            let short = match e.stream.read(&mut buf) {
                Ok(0) => {
                    e.conn.end_input();
                    false
                }
                Ok(n) => {
                    e.conn.feed(&buf[..n]);
                    n < buf.len()
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                    drained = true;
                    break;
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    e.conn.closing = true;
                    e.conn.written(e.conn.pending());
                    false
                }
            };
            lines(&mut *self.service, id, &mut e.conn, &mut out);
            if short && SHORT_READ_DRAINS && !e.read_closed {
                drained = true;
                break;
            }
        }
        if !drained {
            // More may be waiting, and no new event will say so.
            self.dirty.insert(id);
        }
        out
    }
    // ANCHOR_END: pump

    // ANCHOR: apply
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
    // ANCHOR_END: apply

    /// Closes a finished connection, or asks for the readiness it needs.
    fn finish(&mut self, id: Id) {
        let Some(e) = self.conns.get_mut(&id) else {
            return;
        };
        let backed_up = e.conn.backed_up();
        flush(e);
        if backed_up && !e.conn.backed_up() {
            // Lines held back may be buffered with nothing new to read:
            // no event will come for them, so pump this one next turn.
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

/// Hands `conn`'s complete lines to the service; an over-long one gets
/// [`TOO_LONG`] behind the replies to the lines before it.
fn lines<S: Service + ?Sized>(service: &mut S, id: Id, conn: &mut Conn, out: &mut Outbox) {
    loop {
        match conn.next_line() {
            Input::Line(line) => service.line(id, &line, out),
            Input::TooLong => return out.send(id, TOO_LONG),
            Input::Wait => return,
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
