//! The accept loop of [`run`]: one thread per connection, and what it does
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
//!   Each connection's socket is shared (`Arc`) between its thread and the
//!   loop, which keeps only a `Weak` to it: no second descriptor.
//!
//! Layout: [`run`], [`ACCEPT_BACKOFF`], `Live`, `Trouble`, `start`, `turn_away`.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime};

use super::{Config, Handler, Shutdown, serve_connection};
use crate::response::{Response, http_date};

/// How long the loop waits before calling `accept` again after it failed.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// A connection thread's stack: everything large (the request, the file
/// chunks) lives on the heap, so a quarter of the default 2 MiB is plenty,
/// and four times as many connections fit in the same address space.
const STACK: usize = 512 * 1024;

/// A connection being served.
struct Live {
    thread: JoinHandle<()>,
    stream: Weak<TcpStream>,
}

/// A failure that may repeat many times a second, reported once per
/// episode: at the first failure, and when it stops.
struct Trouble {
    what: &'static str,
    failures: u64,
}

impl Trouble {
    fn new(what: &'static str) -> Self {
        Trouble { what, failures: 0 }
    }

    fn failed(&mut self, e: &io::Error) {
        if self.failures == 0 {
            eprintln!(
                "{} failed: {e} (reported once until it works again)",
                self.what
            );
        }
        self.failures += 1;
    }

    fn ok(&mut self) {
        if self.failures > 0 {
            eprintln!("{} works again after {} failures", self.what, self.failures);
            self.failures = 0;
        }
    }
}

/// Accepts until shutdown, one thread per connection; then shuts down the
/// connections still open and joins every thread.
pub fn run<H: Handler>(
    listener: TcpListener,
    handler: H,
    config: Config,
    stop: Shutdown,
) -> io::Result<()> {
    let handler = Arc::new(handler);
    let mut live: Vec<Live> = Vec::new();
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
        live.retain(|conn| !conn.thread.is_finished());
        if live.len() >= config.max_connections {
            turn_away(&stream);
            continue;
        }
        match start(stream, &handler, &config, &stop) {
            Ok(conn) => {
                spawning.ok();
                live.push(conn);
            }
            Err((stream, e)) => {
                spawning.failed(&e);
                turn_away(&stream);
            }
        }
    }
    for conn in &live {
        if let Some(stream) = conn.stream.upgrade() {
            // Wakes a thread blocked on this client; it may be gone already.
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
    for conn in live {
        let _ = conn.thread.join();
    }
    Ok(())
}

/// Starts the thread serving `stream`, or gives the stream back with the
/// reason it could not.
fn start<H: Handler>(
    stream: TcpStream,
    handler: &Arc<H>,
    config: &Config,
    stop: &Shutdown,
) -> Result<Live, (Arc<TcpStream>, io::Error)> {
    let stream = Arc::new(stream);
    let (mine, handler, config, stop) = (
        Arc::clone(&stream),
        Arc::clone(handler),
        config.clone(),
        stop.clone(),
    );
    let spawned = thread::Builder::new().stack_size(STACK).spawn(move || {
        // An I/O error ends this connection, never the server.
        let _ = serve_connection(&mine, &*handler, &config, &stop);
    });
    match spawned {
        Ok(thread) => Ok(Live {
            thread,
            stream: Arc::downgrade(&stream),
        }),
        Err(e) => Err((stream, e)),
    }
}

/// Answers 503 without waiting for the client (one non-blocking write; if
/// it does not fit, the client just sees the close).
fn turn_away(mut stream: &TcpStream) {
    let date = http_date(SystemTime::now());
    let busy = Response::text(503).with("Retry-After", "1");
    if stream.set_nonblocking(true).is_ok() {
        let _ = stream.write(&busy.encode(&date, false, false));
    }
}
