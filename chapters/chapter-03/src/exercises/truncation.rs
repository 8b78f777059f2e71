//! Exercise `truncation`: notice that a datagram did not fit.
//!
//! A datagram is read whole or not at all: when the buffer is smaller than
//! the datagram, the first `buf.len()` bytes are copied and the rest is
//! thrown away; the next read returns the next datagram. A plain `recv`
//! does not say that this happened. On Linux, the flag `MSG_TRUNC` makes
//! `recvfrom` return the datagram's real length even when it is larger than
//! the buffer, which is how a program can tell.
//!
//! Layout: [`Received`], [`recv_detecting_truncation`].

use std::io;
use std::net::{SocketAddr, UdpSocket};

/// One datagram as received into a buffer of limited size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The bytes that fitted in the buffer.
    pub data: Vec<u8>,
    /// The whole datagram's length (may be larger than `data.len()`).
    pub len: usize,
    /// Who sent it.
    pub from: SocketAddr,
}

// ANCHOR: stub
impl Received {
    /// Whether bytes of the datagram were discarded.
    pub fn truncated(&self) -> bool {
        // TODO: compare the datagram's length with what was kept.
        todo!()
    }
}

/// Receives one datagram into a buffer of `buf_len` bytes and reports what
/// fitted, the datagram's whole length, and the sender.
pub fn recv_detecting_truncation(socket: &UdpSocket, buf_len: usize) -> io::Result<Received> {
    // TODO: make a buffer of `buf_len` zero bytes.
    // TODO: call `crate::datagram::recv_from_flags(socket, &mut buf, crate::datagram::MSG_TRUNC)`:
    //       with MSG_TRUNC the count it returns is the datagram's REAL length.
    // TODO: keep only the bytes that fitted (the smaller of the two lengths).
    let _ = (socket, buf_len);
    todo!()
}
// ANCHOR_END: stub
