//! The client swarm: many concurrent TCP clients against one server.
//!
//! A server that handles one connection at a time can look correct with one
//! client, and even with many if they take turns in connect order (the
//! listen backlog queues the rest). The swarm defeats that: all clients
//! connect first, then either *interleave* (every client sends half a line,
//! then every client the other half, ...) or take turns in *reverse*
//! connect order, so the last accepted connection must be served first.
//! Some clients misbehave: they vanish mid-line (close or reset), trickle
//! one byte per round, or never read their replies.
//!
//! The swarm is one thread with a `poll(2)` loop over non-blocking sockets,
//! so it holds 10,000 connections cheaply (it raises `RLIMIT_NOFILE` itself).
//! Each client is named `client-N` (1-based) in results and transcripts.
//!
//! ```no_run
//! use harness::swarm::{Order, Swarm};
//! let echo = harness::echo::start();
//! let report = Swarm::new(echo.addr()).clients(300).order(Order::Reverse).mixed().run(std::time::Duration::from_secs(60));
//! report.assert_ok();
//! ```
//!
//! Layout:
//! - this file: [`Swarm`] (builder), [`Order`], [`Behaviour`], [`SwarmReport`].
//! - [`run`]: the poll loop. [`sys`]: descriptor limit, fd count, peak RSS.

mod client;
pub mod run;
pub mod sys;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::transcript::Recorder;

/// In which order clients send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Round-robin: each round, every client sends its next piece.
    #[default]
    Interleaved,
    /// One client at a time, last connected first, each waiting for its echo.
    Reverse,
}

/// What one client does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Sends its line in two halves and expects it echoed.
    Echo,
    /// Sends half a line, then closes (`reset: true`: sends an RST instead).
    Vanish {
        /// Reset instead of closing.
        reset: bool,
    },
    /// Sends its line one byte per round and expects it echoed.
    Slow,
    /// Sends a large payload and never reads.
    NeverRead,
}

/// Chooses the behaviour of client `i` (0-based).
pub type Assign = Arc<dyn Fn(usize) -> Behaviour + Send + Sync>;

/// A swarm, configured with builder methods and started with [`Swarm::run`].
#[derive(Clone)]
pub struct Swarm {
    pub(crate) addr: SocketAddr,
    pub(crate) clients: usize,
    pub(crate) order: Order,
    pub(crate) assign: Assign,
    pub(crate) connect_batch: usize,
    pub(crate) step_timeout: Duration,
    pub(crate) silent_bytes: usize,
    pub(crate) recorder: Option<Recorder>,
}

impl fmt::Debug for Swarm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Swarm")
            .field("addr", &self.addr)
            .field("clients", &self.clients)
            .field("order", &self.order)
            .finish()
    }
}

impl Swarm {
    /// A swarm of 100 echo clients, interleaved, against `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Swarm {
            addr,
            clients: 100,
            order: Order::Interleaved,
            assign: Arc::new(|_| Behaviour::Echo),
            connect_batch: 128,
            step_timeout: Duration::from_secs(10),
            silent_bytes: 64 << 10,
            recorder: None,
        }
    }

    /// Number of clients.
    pub fn clients(mut self, n: usize) -> Self {
        self.clients = n;
        self
    }

    /// Sending order.
    pub fn order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }

    /// Every client behaves the same.
    pub fn behaviour(self, b: Behaviour) -> Self {
        self.assign(move |_| b)
    }

    /// Client `i` (0-based) behaves as `f(i)` says.
    pub fn assign(mut self, f: impl Fn(usize) -> Behaviour + Send + Sync + 'static) -> Self {
        self.assign = Arc::new(f);
        self
    }

    /// A fixed mix: every 10th client vanishes (every 20th with a reset),
    /// every 7th is slow, every 13th never reads; the rest echo.
    pub fn mixed(self) -> Self {
        self.assign(|i| match i + 1 {
            n if n % 20 == 0 => Behaviour::Vanish { reset: true },
            n if n % 10 == 0 => Behaviour::Vanish { reset: false },
            n if n % 13 == 0 => Behaviour::NeverRead,
            n if n % 7 == 0 => Behaviour::Slow,
            _ => Behaviour::Echo,
        })
    }

    /// Connections started at once (keeps the server's backlog from overflowing).
    pub fn connect_batch(mut self, n: usize) -> Self {
        self.connect_batch = n.max(1);
        self
    }

    /// How long one wait for echoes may take before clients fail.
    pub fn step_timeout(mut self, t: Duration) -> Self {
        self.step_timeout = t;
        self
    }

    /// Payload of never-reading clients.
    pub fn silent_bytes(mut self, n: usize) -> Self {
        self.silent_bytes = n;
        self
    }

    /// Records every client's traffic (side `Client`) into `recorder`.
    pub fn record(mut self, recorder: Recorder) -> Self {
        self.recorder = Some(recorder);
        self
    }

    /// Runs the swarm; `timeout` bounds the whole run.
    pub fn run(&self, timeout: Duration) -> SwarmReport {
        run::run(self, timeout)
    }
}

/// How one client fared.
#[derive(Debug, Clone)]
pub struct ClientResult {
    /// `client-N`.
    pub name: String,
    /// What it did.
    pub behaviour: Behaviour,
    /// `Err` says what went wrong.
    pub outcome: Result<(), String>,
}

/// The result of a swarm run, with figures.
#[derive(Debug, Clone, Default)]
pub struct SwarmReport {
    /// One entry per client, in client order.
    pub results: Vec<ClientResult>,
    /// Time until every client had connected (or failed to).
    pub connect_time: Duration,
    /// Time of the whole run.
    pub total_time: Duration,
    /// Most descriptors open in this process during the run.
    pub peak_fds: Option<usize>,
    /// Peak resident memory of this process, KiB.
    pub peak_rss_kib: Option<u64>,
}

impl SwarmReport {
    /// The clients that failed.
    pub fn failures(&self) -> Vec<&ClientResult> {
        self.results.iter().filter(|r| r.outcome.is_err()).collect()
    }

    /// Panics with the first failures (by name) and the figures, if any failed.
    pub fn assert_ok(&self) {
        let failures = self.failures();
        if failures.is_empty() {
            return;
        }
        let mut msg = format!(
            "{} of {} swarm clients failed ({self}):\n",
            failures.len(),
            self.results.len()
        );
        for f in failures.iter().take(20) {
            msg.push_str(&format!(
                "  {} ({:?}): {}\n",
                f.name,
                f.behaviour,
                f.outcome.as_ref().unwrap_err()
            ));
        }
        panic!("{msg}");
    }
}

impl fmt::Display for SwarmReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = self.failures().len();
        write!(
            f,
            "{} clients, {failed} failed, connect {:.3?}, total {:.3?}",
            self.results.len(),
            self.connect_time,
            self.total_time
        )?;
        if let Some(fds) = self.peak_fds {
            write!(f, ", peak fds {fds}")?;
        }
        if let Some(kib) = self.peak_rss_kib {
            write!(f, ", peak RSS {:.1} MiB", kib as f64 / 1024.0)?;
        }
        Ok(())
    }
}
