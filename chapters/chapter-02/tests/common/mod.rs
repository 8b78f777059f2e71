//! Helpers the chapter's test files share: a peer that sends scripted bytes
//! (through a fault plan) and then closes or holds the connection, an
//! in-memory reader that returns a stream in given chunks, and [`Server`],
//! one of the chapter's server programs running as a process.

#![allow(dead_code, unused_imports)] // each test file uses part of this module

use std::io::{self, Read};
use std::net::TcpStream;

use harness::fault::FaultPlan;
use harness::peer::{PeerHandle, spawn_tcp};

/// What the sender does after its last write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Closes the connection.
    Close,
    /// Keeps it open until the client closes (or the peer's 10 s timeout).
    Hold,
}

/// A peer that writes each piece with its own write (faults applied), then
/// closes or holds.
pub fn sender(pieces: &[&[u8]], plan: FaultPlan, then: Then) -> PeerHandle {
    let pieces: Vec<Vec<u8>> = pieces.iter().map(|p| p.to_vec()).collect();
    spawn_tcp(
        "sender",
        "127.0.0.1:0".parse().unwrap(),
        plan,
        move |mut conn| {
            for piece in &pieces {
                conn.send(piece)?;
            }
            if then == Then::Hold {
                let mut buf = [0u8; 256];
                // Bounded by the peer's read timeout and by the client closing.
                while conn.read(&mut buf)? > 0 {}
            }
            Ok(())
        },
    )
    .expect("start the sender peer")
}

/// A client connection to `peer`, with 10 s read and write timeouts.
///
/// A plain blocking `connect`, not `connect_timeout`: the latter polls and
/// then reads `SO_ERROR`, which already says "reset" when a peer that sends
/// at once and resets is quicker than the poll, so a connection that did
/// succeed (and has data waiting) would be reported as failed.
pub fn connect(peer: &PeerHandle) -> TcpStream {
    let timeout = Some(harness::peer::client::TIMEOUT);
    TcpStream::connect(peer.addr())
        .and_then(|s| {
            s.set_read_timeout(timeout)?;
            s.set_write_timeout(timeout)?;
            Ok(s)
        })
        .unwrap_or_else(|e| panic!("{}", peer.failure(&format!("cannot connect: {e}"))))
}

/// A reader that returns `chunks` one per read (empty chunks are skipped,
/// since a 0-byte read means end of file), then end of file.
pub struct Chunks(pub std::collections::VecDeque<Vec<u8>>);

impl Chunks {
    /// Reads `chunks` in order.
    pub fn new(chunks: Vec<Vec<u8>>) -> Self {
        Chunks(chunks.into_iter().filter(|c| !c.is_empty()).collect())
    }
}

impl Read for Chunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Some(mut chunk) = self.0.pop_front() else {
            return Ok(0);
        };
        let n = chunk.len().min(out.len());
        out[..n].copy_from_slice(&chunk[..n]);
        if n < chunk.len() {
            self.0.push_front(chunk.split_off(n));
        }
        Ok(n)
    }
}

/// Longest wait for a program: its output, its exit.
pub use harness::proc::PROGRAM_LIMIT as LIMIT;
/// One of the chapter's server programs running as a process.
pub use harness::proc::ServerProgram as Server;
