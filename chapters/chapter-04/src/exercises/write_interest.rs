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

// The stub leaves some private items unused until you write the bodies.
#![allow(dead_code, unused_imports)]

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

// ANCHOR: stub
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
        // TODO: queue all of `bytes` or none, as the doc comment says.
        let _ = bytes;
        todo!("queue within the cap")
    }

    /// Bytes still to write.
    pub fn pending(&self) -> usize {
        // TODO: how many bytes are buffered.
        todo!("bytes pending")
    }

    /// Writes until the buffer is empty or `w` would block; keeps what was
    /// not taken. Returns the bytes written. Other errors are returned.
    pub fn flush(&mut self, w: &mut impl Write) -> io::Result<usize> {
        // TODO: flush as the doc comment says. A partial write is normal; a
        // write that takes nothing is a `WriteZero` error; `Interrupted` is
        // no reason to stop.
        let _ = w;
        todo!("partial writes")
    }

    /// What to wait for: readable while fewer than half the cap is pending
    /// (room for the replies to more input), writable while anything is.
    pub fn interest(&self) -> Interest {
        // TODO: Read when nothing is pending; ReadWrite when something is
        // pending but less than cap / 2; Write when cap / 2 or more is.
        todo!("write interest only while output is pending")
    }
}
// ANCHOR_END: stub
