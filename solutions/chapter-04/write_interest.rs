//! Exercise `write_interest`: a capped output buffer for a readiness loop.
//!
//! A non-blocking `write` may take only part of what you give it, or
//! nothing at all (`WouldBlock`). A readiness loop therefore keeps what is
//! left in a buffer per connection, asks the kernel for writability *only
//! while that buffer is not empty* (otherwise every idle socket, always
//! writable, would wake the loop on every turn), and stops reading a client
//! whose buffer is full, so a client that never reads cannot make the
//! server's memory grow.
//!
//! Layout: [`Interest`], [`Full`], [`Outgoing`].

use std::io::{self, Write};

/// The readiness a connection should wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interest {
    /// Readable only.
    Read,
    /// Writable only (output pending, no room to accept more input).
    Write,
    /// Readable and writable.
    ReadWrite,
}

/// [`Outgoing::push`] refused: the bytes would pass the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

/// Bytes waiting to be written to one connection, at most `cap`.
#[derive(Debug, Clone)]
pub struct Outgoing {
    buf: Vec<u8>,
    cap: usize,
}

// ANCHOR: solution
impl Outgoing {
    /// An empty buffer holding at most `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Outgoing {
            buf: Vec::new(),
            cap,
        }
    }

    /// Queues `bytes`, or refuses all of them if they would pass the cap.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), Full> {
        if self.buf.len() + bytes.len() > self.cap {
            return Err(Full);
        }
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// Bytes still to write.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Writes until the buffer is empty or `w` would block; keeps what was
    /// not taken. Returns the bytes written. Other errors are returned.
    pub fn flush(&mut self, w: &mut impl Write) -> io::Result<usize> {
        let mut total = 0;
        while !self.buf.is_empty() {
            match w.write(&self.buf) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.buf.drain(..n);
                    total += n;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(total)
    }

    /// What to wait for: readable while fewer than half the cap is pending
    /// (room for the replies to more input), writable while anything is.
    pub fn interest(&self) -> Interest {
        match (self.buf.len() < self.cap / 2, self.buf.is_empty()) {
            (true, true) => Interest::Read,
            (true, false) => Interest::ReadWrite,
            (false, _) => Interest::Write,
        }
    }
}
// ANCHOR_END: solution
