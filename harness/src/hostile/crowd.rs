//! The idle crowd: connections that connect and say nothing, held for as
//! long as a test needs them.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::WAIT;

/// Connections held open and silent until dropped.
#[derive(Debug)]
pub struct IdleCrowd {
    streams: Vec<TcpStream>,
}

impl IdleCrowd {
    /// How many are held.
    pub fn len(&self) -> usize {
        self.streams.len()
    }

    /// Whether none are held.
    pub fn is_empty(&self) -> bool {
        self.streams.is_empty()
    }

    /// How many the server has closed or reset so far (none should be,
    /// before the server's idle timeout).
    pub fn ended_by_server(&self) -> usize {
        self.streams.iter().filter(|s| gone(s)).count()
    }

    /// Waits until the server has ended all of them or `limit` passes (for
    /// a server expected to drop them, e.g. past its idle timeout);
    /// returns how many it ended.
    pub fn wait_ended(&self, limit: Duration) -> usize {
        use crate::peer::poll::{PollFlags, poll, want};
        let start = Instant::now();
        // Bounded by `limit`: each pass waits for what is left of it.
        loop {
            let open: Vec<&TcpStream> = self.streams.iter().filter(|s| !gone(s)).collect();
            let left = limit.saturating_sub(start.elapsed());
            if open.is_empty() || left.is_zero() {
                return self.streams.len() - open.len();
            }
            let mut fds: Vec<_> = open.iter().map(|s| want(*s, PollFlags::IN)).collect();
            if poll(&mut fds, Some(left)).is_err() {
                return self.ended_by_server();
            }
        }
    }

    /// Closes `n` of them (the oldest first).
    pub fn release(&mut self, n: usize) {
        let n = n.min(self.streams.len());
        self.streams.drain(..n);
    }
}

/// Whether the server ended `s` (a non-blocking peek sees EOF or an error).
fn gone(s: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    if s.set_nonblocking(true).is_err() {
        return true;
    }
    let ended = match s.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    let _ = s.set_nonblocking(false);
    ended
}

/// Opens `n` connections that never send a byte, raising this process's
/// descriptor limit as needed (the hard limit permitting). Each connect
/// waits at most [`WAIT`]: a server that stopped accepting fills its
/// backlog, and then connects stall.
pub fn idle(addr: SocketAddr, n: usize) -> io::Result<IdleCrowd> {
    let limit = crate::swarm::sys::raise_fd_limit(n as u64 + 256)?;
    if limit < n as u64 + 64 {
        return Err(io::Error::other(format!(
            "the descriptor limit {limit} is too low for {n} idle connections"
        )));
    }
    let mut streams = Vec::with_capacity(n);
    for _ in 0..n {
        streams.push(TcpStream::connect_timeout(&addr, WAIT)?);
    }
    Ok(IdleCrowd { streams })
}
