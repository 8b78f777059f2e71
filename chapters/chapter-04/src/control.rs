//! What every engine shares: the stop handle, the options, and the
//! connection table the seed prints on each turn of its loop.
//!
//! Layout: [`Stop`], [`Options`], [`table`], [`TICK`], [`AcceptErrors`]
//! (back-off when `accept` fails), and [`Shared`], the state the tasks of
//! the coroutine and tokio engines share.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longest an engine waits before looking at its [`Stop`] handle again.
/// Clients never wait for it: I/O wakes the loop at once.
pub const TICK: Duration = Duration::from_millis(100);

/// How long an engine waits before calling `accept` again after it failed.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// What an engine does when `accept` fails. The usual cause is running out
/// of descriptors (EMFILE): the client stays queued in the kernel, so the
/// listener stays readable, and retrying at once spins at full CPU printing
/// the same error. Waiting [`ACCEPT_BACKOFF`] lets sessions end and free
/// descriptors; the error is reported once per episode (a run of failures
/// ended by the next success), not once per attempt.
#[derive(Debug, Default)]
pub struct AcceptErrors {
    failures: u64,
}

impl AcceptErrors {
    /// `accept` failed with `e`: reports it if this starts an episode, and
    /// says how long to wait before trying again.
    pub fn failed(&mut self, e: &io::Error) -> Duration {
        if self.failures == 0 {
            eprintln!(
                "accept failed: {e}; retrying every {} ms",
                ACCEPT_BACKOFF.as_millis()
            );
        }
        self.failures += 1;
        ACCEPT_BACKOFF
    }

    /// `accept` worked: ends the episode (and says so, if there was one).
    pub fn accepted(&mut self) {
        if self.failures > 0 {
            eprintln!("accepting again after {} failed attempts", self.failures);
            self.failures = 0;
        }
    }
}

/// Asks a running server to stop (from another thread, e.g. a test).
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A handle that has not been triggered.
    pub fn new() -> Self {
        Stop::default()
    }

    /// Asks the server to stop; it finishes within about one [`TICK`].
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// How a server reports what it does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Print the connection table whenever it changes (the seed prints it
    /// on every turn; printing on change says the same with less noise).
    pub show_table: bool,
}

// ANCHOR: table
/// The connection table: the listener first, then each client with the
/// label its engine gives it (the seed shows each socket and its coroutine).
pub fn table(listener: SocketAddr, clients: &[(SocketAddr, String)]) -> String {
    let mut s = String::from("Waiting for a connection or data from\n");
    let _ = writeln!(s, "  1: listener {listener}");
    for (i, (addr, label)) in clients.iter().enumerate() {
        let _ = writeln!(s, "  {}: client {addr}, {label}", i + 2);
    }
    s
}
// ANCHOR_END: table

/// What the tasks of a single-threaded engine (coroutine, tokio) share: the
/// shutdown flag and who is connected, printed as [`table`] when
/// [`Options::show_table`] asks.
#[derive(Debug)]
pub struct Shared {
    /// A client asked the server to shut down.
    pub shutdown: bool,
    /// Connected clients by task id.
    pub clients: BTreeMap<u64, SocketAddr>,
    /// The listening address.
    pub local: SocketAddr,
    /// The engine's options.
    pub opts: Options,
    /// What a task is called in the table (`coroutine`, `task`).
    pub kind: &'static str,
}

impl Shared {
    /// Nobody connected yet.
    pub fn new(local: SocketAddr, opts: Options, kind: &'static str) -> Self {
        Shared {
            shutdown: false,
            clients: BTreeMap::new(),
            local,
            opts,
            kind,
        }
    }

    /// Prints the table if the options ask for it.
    pub fn show(&self) {
        if self.opts.show_table {
            let rows: Vec<_> = (self.clients.iter())
                .map(|(id, a)| (*a, format!("{} {id}", self.kind)))
                .collect();
            print!("{}", table(self.local, &rows));
        }
    }
}
