//! The accept loop of [`run`]: hands each connection to a thread of the
//! [`pool`](super::pool), and what it does when the machine says no.
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
//! Layout: [`run`], [`ACCEPT_BACKOFF`], `Trouble` (shared with the event
//! loop), `turn_away` and `busy`.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, SystemTime};

use super::pool::{Engine, Pool};
use super::{Config, Handler, Shutdown};
use crate::response::{Response, http_date};

/// How long the loop waits before calling `accept` again after it failed.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// A failure that may repeat many times a second, reported once per
/// episode: at the first failure, and when it stops.
pub(super) struct Trouble {
    what: &'static str,
    failures: u64,
}

impl Trouble {
    pub(super) fn new(what: &'static str) -> Self {
        Trouble { what, failures: 0 }
    }

    pub(super) fn failed(&mut self, e: &io::Error) {
        if self.failures == 0 {
            eprintln!(
                "{} failed: {e} (reported once until it works again)",
                self.what
            );
        }
        self.failures += 1;
    }

    pub(super) fn ok(&mut self) {
        if self.failures > 0 {
            eprintln!("{} works again after {} failures", self.what, self.failures);
            self.failures = 0;
        }
    }
}

/// Accepts until shutdown, each connection served by a thread of its own
/// ([`Config::engine`] says whether threads are kept for the next one);
/// then shuts down the connections still open and joins every thread.
/// [`Engine::Poll`] runs the [`event`](super::event) loops instead.
pub fn run<H: Handler>(
    listener: TcpListener,
    handler: H,
    config: Config,
    stop: Shutdown,
) -> io::Result<()> {
    if config.engine == Engine::Poll {
        return super::event::run(listener, handler, config, stop);
    }
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
