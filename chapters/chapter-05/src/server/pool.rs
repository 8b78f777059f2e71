//! The threads that serve connections: one per live connection, and kept
//! for the next one when the engine is [`Engine::Pool`].
//!
//! A thread per connection is the simplest correct server: each client's
//! blocking reads and writes wait in its own thread, so a slow client
//! stalls nobody. What it costs is the thread's *creation*: with
//! `Connection: close` every request is a new connection, and `clone`,
//! mapping a stack and unmapping it again cost more than answering a 1 KiB
//! request. So a finished thread does not exit at once: it waits up to
//! [`KEEP_IDLE`] for the accept loop to hand it the next connection. The
//! accept loop hands a connection to a waiting thread when there is one,
//! and starts a new thread only when all are busy. Threads are still at
//! most one per live connection, bounded by [`Config::max_connections`].
//!
//! Layout: [`Engine`], [`KEEP_IDLE`], `Pool` (`give`, `live`, `finish`),
//! `worker`, `next`.

use std::collections::VecDeque;
use std::io;
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::{Config, Handler, Shutdown, serve_connection};

/// How the blocking server runs its connection threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Engine {
    /// A new thread per connection, ended with it (the teaching version).
    Threads,
    /// A thread per connection, kept after it for the next one.
    #[default]
    Pool,
    /// One event loop per core, each serving many connections (`mio`,
    /// chapter 4's readiness loop).
    Poll,
}

impl Engine {
    /// The name `--engine` takes.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Threads => "threads",
            Engine::Pool => "pool",
            Engine::Poll => "poll",
        }
    }
}

/// How long a pool thread without a connection waits for one before it
/// ends: idle threads cost memory, and a burst of connections is over by then.
pub const KEEP_IDLE: Duration = Duration::from_secs(5);

/// A connection thread's stack: everything large (the request, the file
/// chunks) lives on the heap, so a quarter of the default 2 MiB is plenty,
/// and four times as many connections fit in the same address space.
const STACK: usize = 512 * 1024;

/// Connections waiting for a thread, and how many threads wait for one.
#[derive(Default)]
struct Queue {
    waiting: VecDeque<Arc<TcpStream>>,
    idle: usize,
    closing: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A poisoned lock means a thread panicked holding it; the queue is
        // still consistent (every change is one statement).
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The connection threads of one server.
pub(super) struct Pool<H: Handler> {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    /// Every connection handed out: for counting the live ones, and for
    /// shutting them down at the end. Only weak: no second descriptor.
    streams: Vec<Weak<TcpStream>>,
    keep: Option<Duration>,
    handler: Arc<H>,
    config: Config,
    stop: Shutdown,
}

impl<H: Handler> Pool<H> {
    pub(super) fn new(handler: H, config: Config, stop: Shutdown) -> Self {
        let keep = (config.engine == Engine::Pool).then_some(KEEP_IDLE);
        Pool {
            shared: Arc::new(Shared {
                queue: Mutex::default(),
                ready: Condvar::new(),
            }),
            threads: Vec::new(),
            streams: Vec::new(),
            keep,
            handler: Arc::new(handler),
            config,
            stop,
        }
    }

    /// Connections handed out and not yet finished.
    pub(super) fn live(&mut self) -> usize {
        self.streams.retain(|s| s.strong_count() > 0);
        self.threads.retain(|t| !t.is_finished());
        self.streams.len()
    }

    /// Serves `stream` on an idle thread, or on a new one; gives it back
    /// with the reason when no thread can be started.
    pub(super) fn give(&mut self, stream: TcpStream) -> Result<(), (Arc<TcpStream>, io::Error)> {
        let stream = Arc::new(stream);
        {
            let mut queue = self.shared.lock();
            if queue.idle > queue.waiting.len() {
                self.streams.push(Arc::downgrade(&stream));
                queue.waiting.push_back(stream);
                self.shared.ready.notify_one();
                return Ok(());
            }
        }
        let weak = Arc::downgrade(&stream);
        let (shared, handler) = (Arc::clone(&self.shared), Arc::clone(&self.handler));
        let (config, stop, keep) = (self.config.clone(), self.stop.clone(), self.keep);
        let first = Arc::clone(&stream);
        let spawned = thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || worker(first, &shared, &*handler, &config, &stop, keep));
        match spawned {
            Ok(thread) => {
                self.threads.push(thread);
                self.streams.push(weak);
                Ok(())
            }
            Err(e) => Err((stream, e)),
        }
    }

    /// Shuts down every live connection (waking threads blocked on clients
    /// that neither read nor write), ends the idle threads, joins all.
    pub(super) fn finish(self) {
        self.shared.lock().closing = true;
        self.shared.ready.notify_all();
        for stream in self.streams.iter().filter_map(Weak::upgrade) {
            // It may be closed already; nothing to do then.
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Serves `first`, then whatever the accept loop hands over, until none
/// comes within `keep` (at once for [`Engine::Threads`]) or the pool closes.
fn worker<H: Handler>(
    first: Arc<TcpStream>,
    shared: &Shared,
    handler: &H,
    config: &Config,
    stop: &Shutdown,
    keep: Option<Duration>,
) {
    let mut next = Some(first);
    while let Some(stream) = next.take() {
        // An I/O error ends this connection, never the server.
        let _ = serve_connection(&stream, handler, config, stop);
        drop(stream);
        if let Some(keep) = keep {
            next = wait_for_next(shared, keep, stop);
        }
    }
}

/// Waits at most `keep` for a connection from the accept loop.
fn wait_for_next(shared: &Shared, keep: Duration, stop: &Shutdown) -> Option<Arc<TcpStream>> {
    let deadline = Instant::now() + keep;
    let mut queue = shared.lock();
    queue.idle += 1;
    let got = loop {
        if let Some(stream) = queue.waiting.pop_front() {
            break Some(stream);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if queue.closing || stop.is_set() || left.is_zero() {
            break None;
        }
        // Woken without a connection (another thread, just done, took it
        // first; or a spurious wake-up): wait on for the rest of `keep`.
        // Ending here would make the accept loop start a thread again.
        queue = shared
            .ready
            .wait_timeout(queue, left)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    };
    queue.idle -= 1;
    got
}
