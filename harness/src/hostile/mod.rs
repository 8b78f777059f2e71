//! Hostile clients: what a server meets outside a classroom, packaged so a
//! test can throw it at any TCP server (a chapter's program, or one of the
//! harness's own peers) and then check that the server is still up, still
//! quick for a normal client, and still small.
//!
//! Each attack is one call that returns how the server took it (a
//! [`Verdict`]: what it sent back and how the connection ended), or a value
//! that holds connections open for as long as the test needs them
//! ([`IdleCrowd`], the never-reading client of [`never_reads`]). Every read
//! and write has a timeout, every loop is bounded, and every buffer capped:
//! the kit itself cannot hang a test or eat its memory.
//!
//! ```no_run
//! use std::time::Duration;
//! use harness::hostile;
//! # let addr: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
//! let crowd = hostile::idle(addr, 1000).unwrap();
//! let big = hostile::long_line(addr, 10 << 20).unwrap();
//! assert!(big.ended(), "a 10 MB line must be cut off");
//! let took = hostile::served_within(addr, b"x\r\n", b"x\r\n", Duration::from_secs(1)).unwrap();
//! drop(crowd);
//! ```
//!
//! # Layout
//! - this file: [`Verdict`] and [`End`]; the attacks [`idle`]
//!   ([`IdleCrowd`], in `crowd.rs`, which also tells how many the server
//!   ended), [`long_line`], [`never_reads`], [`reset_after`],
//!   [`half_close_after`], [`garbage`], [`rapid_connects`]; the check
//!   [`served_within`].
//! - [`sys`]: a server process seen from outside: resident memory, CPU
//!   time, and lowering its descriptor or address-space limit.
//! - [`site`]: for file servers, a web root with a secret beside it and
//!   the traversal corpus ([`HostileSite`], [`TRAVERSAL`]).
//! - [`secret`]: a password in every form an output must not show it
//!   ([`Secret`]), and account files whose errors must not quote it.

mod crowd;
pub mod secret;
pub mod site;
pub mod sys;

pub use crowd::{IdleCrowd, idle};
pub use secret::{Secret, broken_configs};
pub use site::{HostileSite, TRAVERSAL, within_deadline};

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use rand::{RngCore, SeedableRng};
use socket2::{Domain, Socket, Type};

/// How long the kit waits for a server to take or send bytes.
pub const WAIT: Duration = Duration::from_secs(2);
/// The longest one attack sends or listens, however the server paces it.
pub const ATTACK: Duration = Duration::from_secs(10);
/// Most reply bytes a [`Verdict`] keeps.
pub const MAX_REPLY: usize = 64 * 1024;
/// The pieces large payloads are written in.
const PIECE: usize = 64 * 1024;

/// How a connection ended, seen from the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The server closed it (end of stream).
    Closed,
    /// The server reset it.
    Reset,
    /// Still open when the kit stopped waiting ([`WAIT`]).
    Open,
}

/// What the server did with one hostile connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Payload bytes the server took before it stopped taking them.
    pub sent: usize,
    /// What it sent back (at most [`MAX_REPLY`] bytes).
    pub reply: Vec<u8>,
    /// How the connection ended.
    pub end: End,
}

impl Verdict {
    /// Whether the server ended the connection (closed or reset).
    pub fn ended(&self) -> bool {
        self.end != End::Open
    }

    /// The reply as text, for messages.
    pub fn reply_text(&self) -> String {
        String::from_utf8_lossy(&self.reply).into_owned()
    }
}

/// Sends `len` bytes of one line that never ends (no LF), as fast as the
/// server takes them, then listens. A server with a line cap answers or
/// closes early; one without buffers until memory runs out.
pub fn long_line(addr: SocketAddr, len: usize) -> io::Result<Verdict> {
    let mut s = connect(addr)?;
    let piece = vec![b'x'; PIECE];
    let (mut sent, start) = (0, Instant::now());
    // Bounded: by `len`, and by ATTACK for a server that takes bytes slowly.
    while sent < len && start.elapsed() < ATTACK {
        let n = (len - sent).min(PIECE);
        match s.write(&piece[..n]) {
            Ok(0) => break,
            Ok(k) => sent += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break, // It closed, reset, or stopped reading: all answers.
        }
    }
    Ok(listen(s, sent))
}

/// Connects with a small receive buffer, sends as much of `request` as the
/// server takes without waiting, and never reads: the server's answer
/// piles up on its side. Dropping the stream ends it.
pub fn never_reads(addr: SocketAddr, request: &[u8]) -> io::Result<TcpStream> {
    let sock = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    sock.set_recv_buffer_size(4096)?;
    sock.connect_timeout(&addr.into(), WAIT)?;
    sock.set_nonblocking(true)?;
    let mut rest = request;
    // Bounded: each pass sends bytes, or the socket is full and it stops.
    while !rest.is_empty() {
        match sock.send(rest) {
            Ok(0) => break,
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break, // Full (the server stopped reading) or closed.
        }
    }
    Ok(sock.into())
}

/// Sends `partial` (half a request) and resets the connection (RST): the
/// server's next read fails mid-request.
pub fn reset_after(addr: SocketAddr, partial: &[u8]) -> io::Result<()> {
    let mut s = connect(addr)?;
    s.write_all(partial)?;
    // Linger 0 turns the close into an RST.
    socket2::SockRef::from(&s).set_linger(Some(Duration::ZERO))?;
    Ok(())
}

/// Sends `partial`, closes the sending side (FIN), and listens: the server
/// should answer what it got, or say it was incomplete, then close.
pub fn half_close_after(addr: SocketAddr, partial: &[u8]) -> io::Result<Verdict> {
    let mut s = connect(addr)?;
    s.write_all(partial)?;
    s.shutdown(std::net::Shutdown::Write)?;
    Ok(listen(s, partial.len()))
}

/// Sends `len` pseudo-random bytes (from `seed`, so a failure replays) and
/// listens.
pub fn garbage(addr: SocketAddr, seed: u64, len: usize) -> io::Result<Verdict> {
    let mut bytes = vec![0u8; len];
    rand_chacha::ChaCha8Rng::seed_from_u64(seed).fill_bytes(&mut bytes);
    let mut s = connect(addr)?;
    let sent = match s.write_all(&bytes) {
        Ok(()) => len,
        Err(_) => 0, // Closed on us mid-way: the verdict says how.
    };
    Ok(listen(s, sent))
}

/// Connects and hangs up at once, `n` times; returns how many connects
/// succeeded (a server whose backlog overflows refuses some).
pub fn rapid_connects(addr: SocketAddr, n: usize) -> usize {
    (0..n)
        .filter(|_| TcpStream::connect_timeout(&addr, WAIT).is_ok())
        .count()
}

/// A normal client: connects, sends `request`, and reads until the reply
/// contains `expect`; returns how long that took, or why it failed
/// (including taking longer than `limit`).
pub fn served_within(
    addr: SocketAddr,
    request: &[u8],
    expect: &[u8],
    limit: Duration,
) -> Result<Duration, String> {
    let start = Instant::now();
    let mut s = TcpStream::connect_timeout(&addr, limit).map_err(|e| format!("connect: {e}"))?;
    s.write_all(request).map_err(|e| format!("send: {e}"))?;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    // Bounded: by the deadline and by MAX_REPLY.
    while !contains(&got, expect) {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() || got.len() > MAX_REPLY {
            return Err(format!(
                "no {:?} within {limit:?}; got {:?}",
                String::from_utf8_lossy(expect),
                String::from_utf8_lossy(&got)
            ));
        }
        s.set_read_timeout(Some(left)).map_err(|e| e.to_string())?;
        match s.read(&mut buf) {
            Ok(0) => return Err(format!("closed after {:?}", String::from_utf8_lossy(&got))),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            // A timeout is the limit passing: the loop's check reports it.
            Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(format!(
                    "read: {e}; got {:?}",
                    String::from_utf8_lossy(&got)
                ));
            }
        }
    }
    Ok(start.elapsed())
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// A connection with [`WAIT`] on reads and writes.
fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let s = TcpStream::connect_timeout(&addr, WAIT)?;
    s.set_read_timeout(Some(WAIT))?;
    s.set_write_timeout(Some(WAIT))?;
    Ok(s)
}

/// Reads what the server says until it ends the connection, is silent for
/// [`WAIT`], or [`ATTACK`] has passed.
fn listen(mut s: TcpStream, sent: usize) -> Verdict {
    let (mut reply, start) = (Vec::new(), Instant::now());
    let mut buf = [0u8; 4096];
    let end = loop {
        if start.elapsed() > ATTACK {
            break End::Open;
        }
        match s.read(&mut buf) {
            Ok(0) => break End::Closed,
            Ok(n) => {
                let room = MAX_REPLY.saturating_sub(reply.len());
                reply.extend_from_slice(&buf[..n.min(room)]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => break End::Open,
            Err(_) => break End::Reset,
        }
    };
    Verdict { sent, reply, end }
}
