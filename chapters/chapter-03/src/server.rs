//! Servers: the daytime server (UDP and TCP) and seed 000's UDP server.
//!
//! Each server takes sockets that are already bound (so tests bind port 0
//! and read the port back) and a [`Shutdown`] handle, and runs one loop
//! that waits with `poll(2)` on its sockets and on the shutdown handle: no
//! thread per client, no busy waiting, and a prompt, clean stop.
//!
//! A UDP server has no connections: one socket receives every client's
//! datagrams, and `recv_from` says who sent each one, which is the address
//! the answer goes to (`sendto`). An error concerns one datagram, never the
//! server: in particular some systems (Windows always, Linux when the
//! socket asks for it with `IP_RECVERR`) report an ICMP "port unreachable",
//! caused by an earlier answer to a client that had gone, as an error on
//! the *next* receive, which a server must shrug off.
//!
//! # Layout
//! [`Shutdown`], [`bind_pair`], [`Request`], [`serve_daytime`], [`Reply`],
//! [`serve_udp`] (the seed's greeting server, or an echo server).

use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::Arc;
use std::time::Duration;

use rustix::fd::AsFd;

use crate::daytime::{self, Clock};
use crate::poll::readable;

/// Stops a server loop from another thread (or a signal handler's thread).
/// Cheap to clone; once triggered it stays triggered.
///
/// It is a loopback UDP socket connected to itself: triggering sends it a
/// datagram that nobody reads, so it stays readable for good. Connected, it
/// takes datagrams from itself only, so no other program can trigger it.
/// (A socket, not a pipe: Windows can `poll` sockets only.)
#[derive(Debug, Clone)]
pub struct Shutdown {
    socket: Arc<UdpSocket>,
}

impl Shutdown {
    /// A fresh, untriggered handle.
    pub fn new() -> io::Result<Shutdown> {
        let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
            .or_else(|_| UdpSocket::bind((Ipv6Addr::LOCALHOST, 0)))?;
        socket.connect(socket.local_addr()?)?;
        socket.set_nonblocking(true)?;
        Ok(Shutdown {
            socket: Arc::new(socket),
        })
    }

    /// Asks every loop using this handle to return.
    pub fn trigger(&self) {
        // A full buffer (triggered many times before) is fine.
        let _ = self.socket.send(b"x");
    }
}

/// What `poll` watches: readable once triggered. (Chapter 9's super-server
/// waits on it too.)
#[cfg(unix)]
impl std::os::fd::AsFd for Shutdown {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.socket.as_fd()
    }
}

/// The same for Windows, where `poll` takes sockets.
#[cfg(windows)]
impl std::os::windows::io::AsSocket for Shutdown {
    fn as_socket(&self) -> std::os::windows::io::BorrowedSocket<'_> {
        self.socket.as_socket()
    }
}

/// How many port numbers [`bind_pair`] tries before giving up.
const PAIR_TRIES: usize = 50;

// ANCHOR: bind_pair
/// A TCP listener and a UDP socket on the same address and port, as a
/// daytime server offers both. Port 0 lets the kernel pick the TCP port;
/// the same number may be in use on UDP (the two are separate), so then
/// it tries another.
pub fn bind_pair(addr: SocketAddr) -> io::Result<(TcpListener, UdpSocket)> {
    let mut tries = if addr.port() == 0 { PAIR_TRIES } else { 1 };
    loop {
        let tcp = TcpListener::bind(addr)?;
        match UdpSocket::bind(tcp.local_addr()?) {
            Ok(udp) => return Ok((tcp, udp)),
            Err(e) if tries == 1 => return Err(e),
            Err(_) => tries -= 1,
        }
    }
}
// ANCHOR_END: bind_pair

/// How a daytime request came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// A datagram of this many bytes from this address.
    Udp(SocketAddr, usize),
    /// A TCP connection from this address.
    Tcp(SocketAddr),
}

/// Most time spent writing one TCP reply (a client that never reads must
/// not stall the server).
const TCP_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: serve_daytime
/// Serves daytime on `udp` and `tcp` (either may be absent) until `stop`
/// is triggered, calling `seen` for each request answered.
pub fn serve_daytime(
    udp: Option<&UdpSocket>,
    tcp: Option<&TcpListener>,
    clock: &Clock,
    stop: &Shutdown,
    mut seen: impl FnMut(Request),
) -> io::Result<()> {
    let mut buf = [0u8; 2048]; // The request's content is ignored (RFC 867).
    // Non-blocking, so a readiness that vanished (another reader, a bad
    // checksum) makes the call fail with WouldBlock instead of hanging.
    if let Some(s) = udp {
        s.set_nonblocking(true)?;
    }
    if let Some(l) = tcp {
        l.set_nonblocking(true)?;
    }
    loop {
        let mut sockets = vec![stop.as_fd()];
        sockets.extend(udp.map(|s| s.as_fd()));
        sockets.extend(tcp.map(|l| l.as_fd()));
        let ready = readable(&sockets, None)?;
        if ready[0] {
            return Ok(());
        }
        let ready = |i: usize| ready.get(i).copied().unwrap_or(false);
        if let Some(request) = udp
            .filter(|_| ready(1))
            .and_then(|s| answer_udp(s, &mut buf, clock))
        {
            seen(request);
        }
        let tcp_index = if udp.is_some() { 2 } else { 1 };
        if let Some(request) = tcp
            .filter(|_| ready(tcp_index))
            .and_then(|l| answer_tcp(l, clock))
        {
            seen(request);
        }
    }
}
// ANCHOR_END: serve_daytime

/// Answers one datagram, if one is there. An error is about that datagram
/// only (see the module doc), so it is not reported.
fn answer_udp(socket: &UdpSocket, buf: &mut [u8], clock: &Clock) -> Option<Request> {
    let (n, from) = socket.recv_from(buf).ok()?;
    socket.send_to(&daytime::reply(clock), from).ok()?;
    Some(Request::Udp(from, n))
}

/// Accepts one connection, if one is there, sends the line and closes.
fn answer_tcp(listener: &TcpListener, clock: &Clock) -> Option<Request> {
    let (mut stream, from) = listener.accept().ok()?;
    stream.set_nonblocking(false).ok()?;
    stream.set_write_timeout(Some(TCP_WRITE_TIMEOUT)).ok()?;
    stream.write_all(&daytime::reply(clock)).ok()?;
    Some(Request::Tcp(from))
    // Dropping the stream closes it: that close marks the end of the reply.
}

/// What seed 000's UDP server sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// The same greeting to every datagram (the seed's server).
    Greeting,
    /// The datagram itself (an echo server).
    Echo,
}

/// The seed server's greeting.
pub const GREETING: &[u8] = b"Hello from UDP server!";

/// Largest datagram the servers take in whole; one byte more than any
/// IPv4 payload, so nothing is ever cut short.
const SERVER_BUF: usize = crate::datagram::MAX_UDP_PAYLOAD_V4 + 1;

// ANCHOR: serve_udp
/// Seed 000's UDP server loop: for each datagram, call `seen` with it and
/// its sender, then answer the sender as `reply` says; until `stop`.
pub fn serve_udp(
    socket: &UdpSocket,
    reply: Reply,
    stop: &Shutdown,
    mut seen: impl FnMut(&[u8], SocketAddr),
) -> io::Result<()> {
    let mut buf = vec![0u8; SERVER_BUF];
    socket.set_nonblocking(true)?; // See serve_daytime.
    loop {
        if readable(&[stop.as_fd(), socket.as_fd()], None)?[0] {
            return Ok(());
        }
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue; // About one datagram only (see the module doc).
        };
        seen(&buf[..n], from);
        let answer = match reply {
            Reply::Greeting => GREETING,
            Reply::Echo => &buf[..n],
        };
        // A lost answer is UDP's normal risk; the client retries.
        let _ = socket.send_to(answer, from);
    }
}
// ANCHOR_END: serve_udp

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `stop` reads as triggered within a short wait.
    fn triggered(stop: &Shutdown) -> bool {
        readable(&[stop.as_fd()], Some(Duration::from_millis(200))).unwrap()[0]
    }

    #[test]
    fn only_trigger_stops_a_loop_not_a_stranger_s_datagram() {
        let stop = Shutdown::new().unwrap();
        let stranger = UdpSocket::bind("127.0.0.1:0").unwrap();
        stranger
            .send_to(b"x", stop.socket.local_addr().unwrap())
            .unwrap();
        assert!(!triggered(&stop), "another program's datagram stopped it");
        stop.clone().trigger();
        assert!(triggered(&stop));
        assert!(triggered(&stop), "it stays triggered");
    }
}
