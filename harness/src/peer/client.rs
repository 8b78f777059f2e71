//! Small blocking-client helpers for tests that talk to a peer: every
//! socket they return has read and write timeouts, and every read is capped.

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The timeout these helpers put on reads and writes.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to `addr` with [`TIMEOUT`] on reads and writes (and on connect,
/// off loopback).
///
/// On loopback a blocking `connect` completes or is refused at once, and it
/// is the only honest choice: `connect_timeout` connects without blocking and
/// then reads `SO_ERROR`, so a peer that writes and resets straight after
/// accepting makes a connection that did succeed (and whose bytes can still
/// be read) look like "connection reset" to the caller.
pub fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let s = if addr.ip().is_loopback() {
        TcpStream::connect(addr)?
    } else {
        TcpStream::connect_timeout(&addr, TIMEOUT)?
    };
    s.set_read_timeout(Some(TIMEOUT))?;
    s.set_write_timeout(Some(TIMEOUT))?;
    Ok(s)
}

/// Two connected ends of a real socket, for a test that needs both: a
/// loopback TCP pair (the peers' wake channel), which Windows has too,
/// unlike a Unix socket pair.
pub fn socket_pair() -> io::Result<(TcpStream, TcpStream)> {
    super::wake::pair()
}

/// Reads exactly `n` bytes.
pub fn read_n(s: &mut impl Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    s.read_exact(&mut buf)?;
    Ok(buf)
}

/// Reads until EOF, an error, or `max` bytes; returns the bytes and the
/// error that ended the read, if any (a reset shows up here).
pub fn read_to_close(s: &mut impl Read, max: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while out.len() < max {
        match s.read(&mut buf) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

/// Ends a conversation politely and completely: stops sending, then reads
/// until the peer closes (up to 1 MiB). Afterwards the peer has recorded
/// its side's end, so a transcript taken now does not race the close.
pub fn hang_up(mut s: TcpStream) -> Vec<u8> {
    // If the peer already closed, shutdown may fail; reading still ends.
    let _ = s.shutdown(std::net::Shutdown::Write);
    read_to_close(&mut s, 1 << 20).0
}

/// A loopback address where nothing listens, and nothing will while this
/// value lives: a socket bound to it without `listen`, so connecting gets
/// "connection refused". (A port that was merely free a moment ago can be
/// handed to another test's server in between.)
#[derive(Debug)]
pub struct ClosedPort {
    _socket: socket2::Socket,
    addr: SocketAddr,
}

impl ClosedPort {
    /// Reserves a port on 127.0.0.1.
    pub fn new() -> io::Result<ClosedPort> {
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
        socket.bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())?;
        let addr = socket
            .local_addr()?
            .as_socket()
            .ok_or_else(|| io::Error::other("not an IP socket"))?;
        Ok(ClosedPort {
            _socket: socket,
            addr,
        })
    }

    /// The address; connecting to it is refused.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}
