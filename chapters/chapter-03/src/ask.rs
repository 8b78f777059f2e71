//! Asking a server once over UDP (with a timeout and retries) or over TCP.
//!
//! UDP promises nothing: the request or the reply may be lost, and a client
//! that waits without a limit may wait forever. So a UDP client waits a
//! bounded time for each answer ([`RetryPolicy::timeout`]) and sends again
//! a bounded number of times ([`RetryPolicy::attempts`]); after that it
//! reports the failure. Requests to a daytime server are *idempotent*
//! (asking twice does no harm), which is what makes resending safe.
//!
//! The socket is *connected* to the server (LuaSocket's `setpeername`):
//! `send` needs no address, and the kernel drops datagrams from anyone
//! else, so a stray datagram cannot pass for the answer. A connected UDP
//! socket also hears about an ICMP "port unreachable" (no server there) as
//! a `ConnectionRefused` receive error instead of a silent timeout.
//!
//! Layout: [`resolve_once`], [`RetryPolicy`], [`ask_udp`], [`ask_tcp`],
//! [`AskError`], [`parse_seconds`] (for the programs' `--timeout`).

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::Duration;

use crate::datagram::{MAX_UDP_PAYLOAD_V4, bind_for};

/// Resolves `host`:`port` to one address, once. LuaSocket's `sendto` only
/// takes numeric addresses because resolving a name for every datagram
/// would be slow; Rust's `send_to` would resolve a name on every call, so
/// we resolve first and keep the address. IPv4 is preferred (the seeds'
/// world), IPv6 used when it is all there is.
pub fn resolve_once(host: &str, port: u16) -> io::Result<SocketAddr> {
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs()?.collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address")))
}

/// How long to wait, and how often to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait for an answer this long after each send.
    pub timeout: Duration,
    /// Send at most this many times (at least 1).
    pub attempts: u32,
}

impl Default for RetryPolicy {
    /// One second per try, three tries.
    fn default() -> Self {
        RetryPolicy {
            timeout: Duration::from_secs(1),
            attempts: 3,
        }
    }
}

/// Why no answer came.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// Every attempt timed out.
    #[error("no answer from {peer} after {attempts} attempt(s) of {timeout:?} each")]
    NoAnswer {
        /// Who was asked.
        peer: SocketAddr,
        /// How many requests were sent.
        attempts: u32,
        /// The wait per attempt.
        timeout: Duration,
    },
    /// Nothing listens there (ICMP port unreachable), or another I/O error.
    #[error("asking {peer}: {source}")]
    Io {
        /// Who was asked.
        peer: SocketAddr,
        /// The error.
        source: io::Error,
    },
}

/// The answer and how many requests it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The reply datagram (or the bytes read over TCP).
    pub bytes: Vec<u8>,
    /// Requests sent, counting the one answered.
    pub attempts: u32,
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

// ANCHOR: ask_udp
/// Sends `request` to `peer` and waits for one datagram back, resending
/// after each timeout, up to `policy.attempts` times.
pub fn ask_udp(peer: SocketAddr, request: &[u8], policy: RetryPolicy) -> Result<Answer, AskError> {
    let io_err = |source| AskError::Io { peer, source };
    let socket: UdpSocket = bind_for(peer).map_err(io_err)?;
    // setpeername: fix the partner; only its datagrams are received now.
    socket.connect(peer).map_err(io_err)?;
    socket
        .set_read_timeout(Some(policy.timeout))
        .map_err(io_err)?;
    let mut buf = vec![0u8; MAX_UDP_PAYLOAD_V4];
    let attempts = policy.attempts.max(1);
    for attempt in 1..=attempts {
        socket.send(request).map_err(io_err)?;
        match socket.recv(&mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return Ok(Answer {
                    bytes: buf,
                    attempts: attempt,
                });
            }
            Err(e) if timed_out(&e) => continue,
            Err(e) => return Err(io_err(e)),
        }
    }
    Err(AskError::NoAnswer {
        peer,
        attempts,
        timeout: policy.timeout,
    })
}
// ANCHOR_END: ask_udp

/// Most bytes read over TCP before giving up on the server closing.
pub const MAX_TCP_REPLY: usize = 64 * 1024;

/// TCP daytime: connect, read until the server closes (or `timeout`
/// passes between two reads), capped at [`MAX_TCP_REPLY`] bytes.
pub fn ask_tcp(peer: SocketAddr, timeout: Duration) -> Result<Answer, AskError> {
    let io_err = |source| AskError::Io { peer, source };
    let stream = TcpStream::connect_timeout(&peer, timeout).map_err(io_err)?;
    stream.set_read_timeout(Some(timeout)).map_err(io_err)?;
    let mut bytes = Vec::new();
    // take() bounds the read: a server that never stops cannot fill memory.
    stream
        .take(MAX_TCP_REPLY as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            if timed_out(&e) {
                AskError::NoAnswer {
                    peer,
                    attempts: 1,
                    timeout,
                }
            } else {
                io_err(e)
            }
        })?;
    Ok(Answer { bytes, attempts: 1 })
}

/// Parses a command-line duration in seconds (`2`, `0.25`): positive and
/// at most an hour, so a typo cannot make a client wait for ever.
pub fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 3600.0) {
        return Err(format!(
            "{text} seconds: give a number above 0 and at most 3600"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}
