//! The event-loop engine (`--engine poll`): one loop per core, each serving
//! many connections, instead of a thread per connection.
//!
//! A thread per connection pays for its simplicity on every request: the
//! thread sleeps in `read`, the kernel wakes it when bytes arrive, and with
//! fifty busy connections on two cores most of the time goes to switching
//! between threads. An event loop (chapter 4's readiness loop, on `mio`)
//! asks the kernel once which connections are ready and serves all of them
//! before it asks again. This is how nginx works, and on this machine it is
//! what lets the chapter's server keep up with it.
//!
//! The HTTP is the blocking driver's, step for step: [`next_head`] cuts a
//! head from the buffer, [`BodyReader`] collects its body, the [`Handler`]
//! answers, [`keeps`] decides whether the connection stays, and the
//! response is the same bytes ([`Response::encode`], a large file after it
//! in [`CHUNK`]s). Only the waiting differs: instead of blocking, each
//! connection is a small state machine that does what it can and returns
//! when the socket would block.
//!
//! - **Accepting.** Every loop watches the one listening socket (through its
//!   own copy of the descriptor) and accepts until it would block, so no
//!   connection is handed between threads. Out of descriptors (EMFILE),
//!   `accept` keeps failing while the client waits in the kernel's queue;
//!   the loop stops accepting for [`ACCEPT_BACKOFF`] instead of spinning,
//!   and, because readiness is reported on edges, tries again by itself
//!   when that time is up rather than waiting for the next connection.
//! - **Backpressure.** While a response is being written, the connection's
//!   next requests stay unread: a client that pipelines and never reads
//!   costs one response's buffer, not a growing queue.
//! - **Time.** A connection waits at most [`Config::idle`] for a request to
//!   arrive (408 if one was started) and [`Config::write_timeout`] for the
//!   client to take more of a response; the loop looks at the deadlines at
//!   least every [`TICK`], which is also how soon it notices shutdown.
//!
//! Layout: [`run`], [`TICK`]; `Shared`, `Loop` (accepting, the deadlines) and `Conn`
//! (one connection: `drive`, `flush`, `take_request`, `fill`).

use std::fs::File;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use mio::net::{TcpListener as MioListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

use super::accept::{ACCEPT_BACKOFF, Trouble, busy};
use super::read::BodyReader;
use super::{Config, Handler, Shutdown, keeps, log_line, next_head};
use crate::head::RequestHead;
use crate::response::{Body, CHUNK, Response, http_date};

/// The longest a loop waits for events before it looks at deadlines and
/// the shutdown flag.
pub const TICK: Duration = Duration::from_millis(250);

/// The listening socket's token; connections use their slot's index.
const LISTENER: Token = Token(usize::MAX);

/// Runs one event loop per core on `listener` until `stop`; returns once
/// every loop has closed its connections.
pub fn run<H: Handler>(
    listener: TcpListener,
    handler: H,
    config: Config,
    stop: Shutdown,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let live = AtomicUsize::new(0);
    // One report per episode for the whole server, not one per loop.
    let accepting = Mutex::new(Trouble::new("accept"));
    let shared = Shared {
        handler: &handler,
        config: &config,
        stop: &stop,
        live: &live,
        accepting: &accepting,
    };
    // Every loop is made (its poller, its copy of the listener) before any
    // serves: a loop made later could find the descriptors all taken by
    // the first one's connections, and the server would end for it.
    let mut loops = Vec::new();
    for _ in 0..threads {
        let copy = listener.try_clone()?;
        // Not shared by every system's copies.
        copy.set_nonblocking(true)?;
        loops.push(Loop::new(copy, shared)?);
    }
    let stop = &stop;
    std::thread::scope(|scope| {
        let mut started = Vec::new();
        let mut failure = None;
        for (i, lp) in loops.into_iter().enumerate() {
            let spawned = std::thread::Builder::new()
                .name(format!("event-loop-{i}"))
                .spawn_scoped(scope, move || {
                    let ran = lp.run();
                    // A loop that fails takes the server down with it, so
                    // the others do not serve on short-handed for ever.
                    if ran.is_err() {
                        stop.trigger();
                    }
                    ran
                });
            match spawned {
                Ok(thread) => started.push(thread),
                // Fewer loops still serve; none is an error.
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if started.is_empty() {
            return Err(failure.unwrap_or_else(|| io::Error::other("no event loop started")));
        }
        let mut result = Ok(());
        for thread in started {
            match thread.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => result = Err(e),
                Err(_) => result = Err(io::Error::other("an event loop panicked")),
            }
        }
        result
    })
}

/// What the loops of one server share.
struct Shared<'a, H: ?Sized> {
    handler: &'a H,
    config: &'a Config,
    stop: &'a Shutdown,
    /// Live connections across all loops, for [`Config::max_connections`].
    live: &'a AtomicUsize,
    accepting: &'a Mutex<Trouble>,
}

// By hand: a derive would ask for `H: Copy`, and only references are copied.
impl<H: ?Sized> Clone for Shared<'_, H> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<H: ?Sized> Copy for Shared<'_, H> {}

/// One loop: its poller, its copy of the listener, its connections.
struct Loop<'a, H: ?Sized> {
    poll: Poll,
    listener: MioListener,
    /// Connections by token; `None` slots are reused (`free`).
    conns: Vec<Option<Conn>>,
    free: Vec<usize>,
    /// Set while accepting is paused after a failure (EMFILE).
    resume_accept: Option<Instant>,
    /// The `Date` header, made once per second rather than per response.
    date: (u64, String),
    shared: Shared<'a, H>,
}

impl<'a, H: Handler + ?Sized> Loop<'a, H> {
    fn new(listener: TcpListener, shared: Shared<'a, H>) -> io::Result<Self> {
        let poll = Poll::new()?;
        let mut listener = MioListener::from_std(listener);
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        Ok(Loop {
            poll,
            listener,
            conns: Vec::new(),
            free: Vec::new(),
            resume_accept: None,
            date: (u64::MAX, String::new()),
            shared,
        })
    }

    fn run(mut self) -> io::Result<()> {
        let mut events = Events::with_capacity(1024);
        let mut swept = Instant::now();
        while !self.shared.stop.is_set() {
            let wait = self.resume_accept.map_or(TICK, |at| {
                at.saturating_duration_since(Instant::now()).min(TICK)
            });
            match self.poll.poll(&mut events, Some(wait)) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            for event in &events {
                match event.token() {
                    LISTENER => self.accept(),
                    Token(slot) => self.drive(slot, event.is_read_closed()),
                }
            }
            if self.resume_accept.is_some_and(|at| Instant::now() >= at) {
                self.resume_accept = None;
                self.accept();
            }
            if swept.elapsed() >= TICK {
                swept = Instant::now();
                self.sweep();
            }
        }
        for slot in 0..self.conns.len() {
            self.close(slot);
        }
        Ok(())
    }

    /// Accepts one connection, or pauses after a failure.
    ///
    /// One, not all that wait: every loop is told of a new connection, and
    /// the first to wake would otherwise take the whole queue, leaving the
    /// other cores idle (measured: one loop served all 50 of wrk's
    /// connections). After one, registering the listener again makes the
    /// poller report it anew if more are waiting, so nothing is stranded by
    /// an edge already consumed, and a loop busy with its connections
    /// leaves the next one to a quicker loop.
    fn accept(&mut self) {
        while self.resume_accept.is_none() && !self.shared.stop.is_set() {
            let (stream, addr) = match self.listener.accept() {
                Ok(accepted) => accepted,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    lock(self.shared.accepting).failed(&e);
                    self.resume_accept = Some(Instant::now() + ACCEPT_BACKOFF);
                    return;
                }
            };
            lock(self.shared.accepting).ok();
            if self.shared.live.fetch_add(1, Ordering::SeqCst) >= self.shared.config.max_connections
            {
                self.shared.live.fetch_sub(1, Ordering::SeqCst);
                let _ = (&stream).write(&busy());
            } else {
                self.add(stream, addr.ip());
            }
            if self
                .poll
                .registry()
                .reregister(&mut self.listener, LISTENER, Interest::READABLE)
                .is_err()
            {
                // Without the new report, keep accepting here instead.
                continue;
            }
            return;
        }
    }

    fn add(&mut self, mut stream: TcpStream, peer: IpAddr) {
        let slot = self.free.pop().unwrap_or_else(|| {
            self.conns.push(None);
            self.conns.len() - 1
        });
        let _ = stream.set_nodelay(true);
        // Readable only: asking for writability too would wake the loop
        // once more per response, when the client takes it.
        if self
            .poll
            .registry()
            .register(&mut stream, Token(slot), Interest::READABLE)
            .is_err()
        {
            self.shared.live.fetch_sub(1, Ordering::SeqCst);
            self.free.push(slot);
            return;
        }
        // Registering a socket that is readable already reports it, so
        // the first request needs no read here.
        self.conns[slot] = Some(Conn::new(stream, peer, self.shared.config.idle));
    }

    /// Serves connection `slot` as far as its socket allows; `read_closed`
    /// when the poller saw the peer's end of stream.
    fn drive(&mut self, slot: usize, read_closed: bool) {
        let Some(conn) = self.conns.get_mut(slot).and_then(Option::as_mut) else {
            return;
        };
        let now = SystemTime::now();
        let secs = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if self.date.0 != secs {
            self.date = (secs, http_date(now));
        }
        let ctx = Ctx {
            handler: self.shared.handler,
            config: self.shared.config,
            stop: self.shared.stop,
            date: &self.date.1,
            registry: self.poll.registry(),
            token: Token(slot),
            read_closed,
        };
        // A panic while answering ends this connection, as it would end
        // its thread in the blocking engines, not the loop and all the
        // connections it serves.
        let kept = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| conn.drive(&ctx)));
        if !kept.unwrap_or(false) {
            self.close(slot);
        }
    }

    /// Ends connections whose deadline passed: silently when idle between
    /// requests or stuck writing, with 408 when a request was started.
    fn sweep(&mut self) {
        let now = Instant::now();
        for slot in 0..self.conns.len() {
            let Some(conn) = self.conns[slot].as_mut() else {
                continue;
            };
            if now < conn.deadline {
                continue;
            }
            if conn.writing() || !conn.started() {
                self.close(slot);
                continue;
            }
            // As the blocking driver: 408 for a head, 400 for a body.
            let status = if conn.pending.is_some() { 400 } else { 408 };
            conn.refuse(status, &http_date(SystemTime::now()));
            self.drive(slot, false);
        }
    }

    fn close(&mut self, slot: usize) {
        if let Some(conn) = self.conns[slot].take() {
            // Uncounted before the socket closes: a client that saw the
            // end of its connection and at once opens another must find
            // the slot free, even if this thread is preempted in between.
            self.shared.live.fetch_sub(1, Ordering::SeqCst);
            self.free.push(slot);
            // Closing the socket takes it out of the poller: no system
            // call to deregister it first.
            drop(conn);
        }
    }
}

/// The shared report, whatever a panicking holder left in it.
fn lock(trouble: &Mutex<Trouble>) -> std::sync::MutexGuard<'_, Trouble> {
    trouble.lock().unwrap_or_else(|p| p.into_inner())
}

/// What serving a request needs besides the connection.
struct Ctx<'a, H: ?Sized> {
    handler: &'a H,
    config: &'a Config,
    stop: &'a Shutdown,
    date: &'a str,
    /// To ask for writability only while a response is stuck.
    registry: &'a mio::Registry,
    token: Token,
    /// The event said the peer's end of the stream has arrived.
    read_closed: bool,
}

/// One connection's state between events.
struct Conn {
    stream: TcpStream,
    peer: IpAddr,
    /// Bytes read and not yet taken by a request.
    input: Vec<u8>,
    /// A request whose head is read and whose body is still arriving.
    pending: Option<(RequestHead, BodyReader)>,
    /// The response being written, and how much of it has gone.
    out: Vec<u8>,
    sent: usize,
    /// The rest of a large file body, after `out`.
    file: Option<(File, u64)>,
    /// Close once `out` and `file` have gone.
    close_after: bool,
    /// When waiting (for a request, or for the client to read) ends.
    deadline: Instant,
    /// Registered for writability too (only while a response is stuck).
    wants_write: bool,
}

/// How [`Conn::fill`] ended.
enum Filled {
    /// Bytes arrived; `short` if fewer than asked for, which on Linux means
    /// the socket is empty for now: epoll reports every new arrival, so
    /// the read that would only say "would block" can be skipped (nginx
    /// does the same). Elsewhere pollers may only report again after a
    /// "would block", so `short` is never set there.
    More {
        short: bool,
    },
    Blocked,
    Closed,
}

impl Conn {
    fn new(stream: TcpStream, peer: IpAddr, idle: Duration) -> Self {
        Conn {
            stream,
            peer,
            input: Vec::new(),
            pending: None,
            out: Vec::new(),
            sent: 0,
            file: None,
            close_after: false,
            deadline: Instant::now() + idle,
            wants_write: false,
        }
    }

    fn writing(&self) -> bool {
        self.sent < self.out.len() || self.file.is_some()
    }

    /// True once some of a request has arrived.
    fn started(&self) -> bool {
        !self.input.is_empty() || self.pending.is_some()
    }

    // ANCHOR: drive
    /// Writes, answers and reads until the socket would block; false when
    /// the connection is to be closed.
    fn drive<H: Handler + ?Sized>(&mut self, ctx: &Ctx<'_, H>) -> bool {
        let mut drained = false;
        loop {
            match self.flush(ctx.config) {
                Ok(true) => {}
                Ok(false) => return self.want_write(ctx, true),
                Err(_) => return false,
            }
            if self.close_after {
                return false;
            }
            if !self.want_write(ctx, false) {
                return false;
            }
            if self.take_request(ctx) {
                continue;
            }
            if drained {
                return true;
            }
            match self.fill(ctx) {
                Ok(Filled::More { short }) => drained = short && !ctx.read_closed,
                Ok(Filled::Blocked) => return true,
                // The end of the stream between requests is a normal end;
                // in the middle of one, it is a malformed request.
                Ok(Filled::Closed) if self.started() => self.refuse(400, ctx.date),
                Ok(Filled::Closed) | Err(_) => return false,
            }
        }
    }
    // ANCHOR_END: drive

    /// Asks the poller for writability while a response is stuck (`on`),
    /// and stops asking once it has gone; false if the poller refused.
    fn want_write<H: Handler + ?Sized>(&mut self, ctx: &Ctx<'_, H>, on: bool) -> bool {
        if self.wants_write == on {
            return true;
        }
        let interest = match on {
            true => Interest::READABLE | Interest::WRITABLE,
            false => Interest::READABLE,
        };
        self.wants_write = on;
        ctx.registry
            .reregister(&mut self.stream, ctx.token, interest)
            .is_ok()
    }

    /// Writes what is pending: Ok(true) once all has gone, Ok(false) when
    /// the socket would block.
    fn flush(&mut self, config: &Config) -> io::Result<bool> {
        if !self.writing() {
            return Ok(true);
        }
        loop {
            while self.sent < self.out.len() {
                match self.stream.write(&self.out[self.sent..]) {
                    Ok(0) => return Err(ErrorKind::WriteZero.into()),
                    Ok(n) => {
                        self.sent += n;
                        self.deadline = Instant::now() + config.write_timeout;
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.out.clear();
            self.sent = 0;
            let Some((file, left)) = self.file.as_mut() else {
                // A response has gone: the wait for the next request starts.
                self.deadline = Instant::now() + config.idle;
                return Ok(true);
            };
            // The next piece of a large file; one that shrank since its
            // length was sent must end the connection (the length lied).
            let want = (*left).min(CHUNK as u64) as usize;
            self.out.resize(want, 0);
            let n = file.read(&mut self.out)?;
            if n == 0 {
                return Err(ErrorKind::UnexpectedEof.into());
            }
            self.out.truncate(n);
            *left -= n as u64;
            if *left == 0 {
                self.file = None;
            }
        }
    }

    /// Takes the next complete request from the input and queues its
    /// response; false when more must be read first.
    fn take_request<H: Handler + ?Sized>(&mut self, ctx: &Ctx<'_, H>) -> bool {
        if self.pending.is_none() {
            let head = match next_head(&mut self.input, &ctx.config.limits) {
                Ok(Some(head)) => head,
                Ok(None) => return false,
                Err(status) => {
                    self.refuse(status, ctx.date);
                    return true;
                }
            };
            match BodyReader::for_head(&head, ctx.handler.max_body()) {
                Ok(reader) => {
                    self.deadline = Instant::now() + ctx.config.idle;
                    self.pending = Some((head, reader));
                }
                Err(status) => {
                    self.refuse(status, ctx.date);
                    return true;
                }
            }
        }
        let Some((_, reader)) = self.pending.as_mut() else {
            return false;
        };
        let body = match reader.feed(&mut self.input) {
            Ok(Some(body)) => body,
            Ok(None) => return false,
            Err(status) => {
                self.refuse(status, ctx.date);
                return true;
            }
        };
        let Some((head, _)) = self.pending.take() else {
            return false;
        };
        self.respond(ctx, &head, &body);
        true
    }

    /// Queues the handler's answer to one request and logs it.
    fn respond<H: Handler + ?Sized>(&mut self, ctx: &Ctx<'_, H>, head: &RequestHead, body: &[u8]) {
        let answer = ctx.handler.handle(head, body);
        let keep = keeps(head, &answer, ctx.stop);
        let head_only = head.method == "HEAD";
        let mut response = &answer.response;
        let unavailable;
        if let Body::File { path, len } = &response.body {
            match File::open(path) {
                Ok(file) if !head_only => self.file = Some((file, *len)),
                Ok(_) => {}
                Err(_) => {
                    unavailable = Response::text(500);
                    response = &unavailable;
                }
            }
        }
        self.out = response.encode(ctx.date, keep, head_only);
        self.sent = 0;
        self.close_after = !keep;
        self.deadline = Instant::now() + ctx.config.write_timeout;
        (ctx.config.log)(log_line(
            self.peer,
            head,
            response.status,
            response.body.len(),
        ));
        if answer.stop {
            ctx.stop.trigger();
        }
    }

    /// Queues a refusal with `Connection: close`; nothing more is read.
    fn refuse(&mut self, status: u16, date: &str) {
        self.pending = None;
        self.input.clear();
        self.file = None;
        self.out = Response::text(status).encode(date, false, false);
        self.sent = 0;
        self.close_after = true;
    }

    /// Reads what the socket has, up to a cap on what may wait unparsed.
    fn fill<H: Handler + ?Sized>(&mut self, ctx: &Ctx<'_, H>) -> io::Result<Filled> {
        // A head past its limit is refused by the parser, and a body past
        // the handler's is refused before it is read; this is the most a
        // request can need at once, plus one read of what follows it.
        let cap = ctx.config.limits.max_head + ctx.handler.max_body() + READ;
        if self.input.len() >= cap {
            return Ok(Filled::Blocked);
        }
        let was = self.input.len();
        self.input.resize(was + READ, 0);
        let got = loop {
            match self.stream.read(&mut self.input[was..]) {
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                got => break got,
            }
        };
        let n = got.as_ref().map_or(0, |n| *n);
        self.input.truncate(was + n);
        match got {
            Ok(0) => Ok(Filled::Closed),
            Ok(n) => Ok(Filled::More {
                short: cfg!(target_os = "linux") && n < READ,
            }),
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Filled::Blocked),
            Err(e) => Err(e),
        }
    }
}

/// The most one `read` takes.
const READ: usize = 16 * 1024;
