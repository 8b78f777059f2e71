//! The accept loop of the blocking engines ([`serve_blocking`]): hands each
//! connection to a thread of the [`pool`](super::pool), and what it does
//! when the machine says no.
//!
//! - `accept` fails when the process is out of descriptors (EMFILE). The
//!   client stays queued in the kernel, so trying again at once fails again
//!   at once: a loop that just `continue`s spins at full CPU and prints the
//!   same error hundreds of thousands of times. This one waits
//!   [`ACCEPT_BACKOFF`] (connections end meanwhile and free descriptors) and
//!   reports the trouble once per episode.
//! - Creating a thread fails when memory or the thread limit runs out.
//!   `std::thread::spawn` then *panics*, which ends the server and every
//!   connection with it; `thread::Builder::spawn` returns the error instead,
//!   so that one client is turned away with 503 and the rest go on. A client
//!   beyond [`Config::max_connections`] is turned away the same way.
//! - On shutdown every live connection is shut down, so no thread waits on
//!   a client that does not read or says nothing; then all are joined.
//!
//! Layout: [`serve_blocking`], [`ACCEPT_BACKOFF`], `Trouble` and
//! [`SETTLED`] (shared with the event loop), `turn_away` and `busy`.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use super::pool::Pool;
use super::{Config, Handler, Shutdown};
use crate::response::{Response, http_date};

/// How long the loop waits before calling `accept` again after it failed.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// A failure that may repeat many times a second, reported once per
/// episode: at the first failure, and once it has stopped. Out of
/// descriptors, `accept` flaps as connections end: it works once, fails
/// again, works again. So an episode ends only after [`SETTLED`] without a
/// failure; until then a new failure continues it, unreported.
pub(super) struct Trouble {
    what: &'static str,
    failures: u64,
    /// The last success while failing: the episode may be over.
    worked: Option<Instant>,
}

/// How long `accept` must go on working before its trouble is over.
pub const SETTLED: Duration = Duration::from_secs(1);

impl Trouble {
    pub(super) fn new(what: &'static str) -> Self {
        Trouble {
            what,
            failures: 0,
            worked: None,
        }
    }

    pub(super) fn failed(&mut self, e: &io::Error) {
        self.settle();
        if self.failures == 0 {
            eprintln!(
                "{} failed: {e} (reported once until it works again)",
                self.what
            );
        }
        self.failures += 1;
        self.worked = None;
    }

    pub(super) fn ok(&mut self) {
        if self.failures > 0 && self.worked.is_none() {
            self.worked = Some(Instant::now());
        }
        self.settle();
    }

    /// Ends the episode once it has worked for [`SETTLED`].
    fn settle(&mut self) {
        if self.worked.is_some_and(|t| t.elapsed() >= SETTLED) {
            eprintln!("{} works again after {} failures", self.what, self.failures);
            self.failures = 0;
            self.worked = None;
        }
    }
}

/// The blocking engines' server: accepts until shutdown, each connection served by a thread of its own
/// ([`Config::engine`] says whether threads are kept for the next one);
/// then shuts down the connections still open and joins every thread.
pub fn serve_blocking<H: Handler>(
    listener: TcpListener,
    handler: H,
    config: Config,
    stop: Shutdown,
) -> io::Result<()> {
    let max = config.max_connections;
    let mut pool = Pool::new(handler, config, stop.clone());
    let (mut accepting, mut spawning) = (Trouble::new("accept"), Trouble::new("starting a thread"));
    while !stop.is_set() {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                accepting.failed(&e);
                thread::sleep(ACCEPT_BACKOFF);
                continue;
            }
        };
        accepting.ok();
        if stop.is_set() {
            break;
        }
        if pool.live() >= max {
            turn_away(&stream);
            continue;
        }
        match pool.give(stream) {
            Ok(()) => spawning.ok(),
            Err((stream, e)) => {
                spawning.failed(&e);
                turn_away(&stream);
            }
        }
    }
    pool.finish();
    Ok(())
}

/// Answers 503 without waiting for the client (one non-blocking write; if
/// it does not fit, the client just sees the close).
fn turn_away(mut stream: &TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let _ = stream.write(&busy());
    }
}

/// The 503 that turns a client away: come back in a second.
pub(super) fn busy() -> Vec<u8> {
    let date = http_date(SystemTime::now());
    Response::text(503)
        .with("Retry-After", "1")
        .encode(&date, false, false)
}
