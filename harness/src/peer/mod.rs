//! The peer framework: run a fake peer as a real TCP server on loopback.
//!
//! [`spawn_tcp`] binds (usually `127.0.0.1:0`), starts an accept thread and
//! one thread per connection, and returns a [`PeerHandle`] with the bound
//! address and the live transcript. Each connection's `serve` function gets
//! a [`Conn`]: a recorded stream with the fault plan applied to its writes,
//! read and write timeouts set, and helpers for line-based protocols.
//!
//! Stopping (explicitly with [`PeerHandle::stop`], or by dropping the
//! handle) wakes the accept thread, shuts down every open connection so
//! blocked reads return, and joins every thread: no thread outlives the
//! handle. Every read has a timeout and every loop is bounded, so a peer
//! never hangs a test.
//!
//! ```no_run
//! use harness::fault::FaultPlan;
//! use harness::peer::{spawn_tcp, Line};
//!
//! let peer = spawn_tcp("shout", "127.0.0.1:0".parse().unwrap(), FaultPlan::none(), |mut conn| {
//!     while let Line::Complete(line) = conn.read_line(1000)? {
//!         conn.reply(&line.to_ascii_uppercase())?;
//!     }
//!     Ok(())
//! })
//! .unwrap();
//! println!("listening on {}", peer.addr());
//! let transcript = peer.stop();
//! println!("{}", transcript.render());
//! ```
//!
//! Layout:
//! - this file: [`spawn_tcp`], [`PeerConfig`], [`PeerHandle`].
//! - [`conn`]: [`Conn`] and [`Line`]. [`client`]: test-side helpers.
//! - [`poll`]: a safe `poll(2)` wrapper.
//! - [`accept`]: the accept loop and connection bookkeeping.
//! - [`room`]: idle connections, eviction and refusal when the peer is full.
//! - [`wake`]: the channel that wakes the accept loop (drain and stop).

pub mod accept;
pub mod client;
pub mod conn;
pub mod poll;
pub mod room;
pub mod wake;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::fault::FaultPlan;
use crate::transcript::{Recorder, Transcript};

pub use conn::{Conn, Line};

/// Limits and timeouts of a peer.
#[derive(Debug, Clone)]
pub struct PeerConfig {
    /// Timeout of every read (and write) on a connection. A client silent
    /// this long is idle: it gets [`idle_reply`](Self::idle_reply) and the
    /// connection closes.
    pub io_timeout: Duration,
    /// Most connections served at once. One more evicts the connection that
    /// has been idle the longest, or, if none is idle, is turned away at
    /// once (see [`room`]); both get [`busy_reply`](Self::busy_reply).
    pub max_conns: usize,
    /// What a client turned away or evicted for want of room is told
    /// before the close, in the peer's protocol (SMTP `421`, POP3 `-ERR`,
    /// HTTP `503`); empty: nothing.
    pub busy_reply: Vec<u8>,
    /// What a client silent for [`io_timeout`](Self::io_timeout) is told
    /// before the close (SMTP `421`); empty: nothing.
    pub idle_reply: Vec<u8>,
}

impl Default for PeerConfig {
    fn default() -> Self {
        PeerConfig {
            io_timeout: Duration::from_secs(10),
            max_conns: 1024,
            busy_reply: Vec::new(),
            idle_reply: Vec::new(),
        }
    }
}

/// A running peer. Dropping it stops it and joins its threads.
#[derive(Debug)]
pub struct PeerHandle {
    name: String,
    addr: SocketAddr,
    plan: Arc<FaultPlan>,
    recorder: Recorder,
    wake: Option<TcpStream>,
    thread: Option<JoinHandle<()>>,
}

/// What serves one connection of a peer, on that connection's own thread:
/// an error or a panic ends that connection only.
pub trait Serve: Fn(Conn) -> io::Result<()> + Send + Sync + 'static {}

impl<F> Serve for F where F: Fn(Conn) -> io::Result<()> + Send + Sync + 'static {}

/// Starts a peer with [`PeerConfig::default()`]; see [`spawn_tcp_with`].
pub fn spawn_tcp<F: Serve>(
    name: &str,
    bind: SocketAddr,
    plan: FaultPlan,
    serve: F,
) -> io::Result<PeerHandle> {
    spawn_tcp_with(name, bind, plan, PeerConfig::default(), serve)
}

/// Binds `bind` and serves each connection with `serve` on its own thread.
///
/// The transcript header holds `peer`, `seed` and `faults`. An error
/// returned by `serve` ends that connection only and is noted in the
/// transcript; so is a panic.
pub fn spawn_tcp_with<F: Serve>(
    name: &str,
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    serve: F,
) -> io::Result<PeerHandle> {
    spawn_on(name, listen(bind)?, plan, config, serve)
}

/// Serves an already-bound listener (DESIGN.md §8: servers take a bound
/// listener), e.g. one bound by the caller to learn the port first.
pub fn spawn_on<F: Serve>(
    name: &str,
    listener: TcpListener,
    plan: FaultPlan,
    config: PeerConfig,
    serve: F,
) -> io::Result<PeerHandle> {
    let addr = listener.local_addr()?;
    let recorder = Recorder::new(vec![
        ("peer".into(), name.into()),
        ("seed".into(), plan.seed.to_string()),
        ("faults".into(), plan.summary()),
    ]);
    let plan = Arc::new(plan);
    let (wake, wake_rx) = wake::pair()?;
    let ctx = accept::Context {
        recorder: recorder.clone(),
        plan: plan.clone(),
        config: Arc::new(config),
        serve: Arc::new(serve),
        epoch: std::time::Instant::now(),
    };
    let thread = std::thread::Builder::new()
        .name(format!("peer-{name}"))
        .spawn(move || accept::run(listener, wake_rx, ctx))?;
    Ok(PeerHandle {
        name: name.into(),
        addr,
        plan,
        recorder,
        wake: Some(wake),
        thread: Some(thread),
    })
}

/// Listen backlog: room for a swarm's burst of connects (the kernel caps
/// it at `net.core.somaxconn`).
pub const BACKLOG: i32 = 4096;

/// Binds a listener with [`BACKLOG`] and `SO_REUSEADDR` (so a peer
/// restarted by hand on a fixed port does not wait out TIME_WAIT).
pub fn listen(bind: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::for_address(bind), Type::STREAM, None)?;
    sock.set_reuse_address(true)?;
    sock.bind(&bind.into())?;
    sock.listen(BACKLOG)?;
    Ok(sock.into())
}

impl PeerHandle {
    /// The bound address (connect here).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The peer's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The fault plan (its seed replays a run).
    pub fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    /// The seed of the fault plan.
    pub fn seed(&self) -> u64 {
        self.plan.seed
    }

    /// The recorder (to add notes from a test).
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// The transcript so far.
    pub fn transcript(&self) -> Transcript {
        self.recorder.snapshot()
    }

    /// Accepts every connection already waiting in the listen backlog (a
    /// client may connect and exit before the accept thread runs), then
    /// returns; their threads go on serving them. Waits at most `timeout`.
    ///
    /// Call it before [`Recorder::wait_for`] and [`stop`](Self::stop) when the
    /// other side is known to be finished, so no connection goes unrecorded.
    pub fn drain(&self, timeout: std::time::Duration) {
        use std::io::{Read, Write};
        let Some(wake) = self.wake.as_ref() else {
            return;
        };
        let mut ack = [0u8; 1];
        // Best effort: on an error the peer is stopping anyway.
        let _ = (&*wake).write_all(accept::DRAIN);
        let _ = wake.set_read_timeout(Some(timeout));
        let _ = (&*wake).read(&mut ack);
    }

    /// Stops the peer, joins its threads, and returns the final transcript.
    pub fn stop(mut self) -> Transcript {
        self.shutdown();
        self.recorder.snapshot()
    }

    /// A failure message: what went wrong, the seed to replay it, and the
    /// transcript so far. Use it in every assertion about a peer.
    pub fn failure(&self, what: &str) -> String {
        format!(
            "{what}\n  peer {} at {}, {}\n--- transcript ---\n{}",
            self.name,
            self.addr,
            self.plan.replay_hint(),
            self.transcript().render()
        )
    }

    fn shutdown(&mut self) {
        if let Some(mut wake) = self.wake.take() {
            use std::io::Write;
            // The accept loop also stops when this end closes, so an error here is harmless.
            let _ = wake.write_all(b"x");
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            self.recorder.note(None, "peer accept thread panicked");
        }
    }
}

impl Drop for PeerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Asserts `cond`, failing with [`PeerHandle::failure`] (seed and transcript).
#[macro_export]
macro_rules! peer_assert {
    ($peer:expr, $cond:expr, $($msg:tt)+) => {
        if !$cond {
            panic!("{}", $peer.failure(&format!($($msg)+)));
        }
    };
}
