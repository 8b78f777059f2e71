//! Exercise `truncation`: notice that a datagram did not fit.
//! Reference solution.
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

impl Received {
    /// Whether bytes of the datagram were discarded.
    pub fn truncated(&self) -> bool {
        self.len > self.data.len()
    }
}

// ANCHOR: solution
/// Receives one datagram into `buf_len` bytes; `MSG_TRUNC` makes the
/// kernel report the datagram's real length.
pub fn recv_detecting_truncation(socket: &UdpSocket, buf_len: usize) -> io::Result<Received> {
    let mut buf = vec![0u8; buf_len];
    let (len, from) =
        crate::datagram::recv_from_flags(socket, &mut buf, crate::datagram::MSG_TRUNC)?;
    buf.truncate(len.min(buf_len));
    Ok(Received {
        data: buf,
        len,
        from,
    })
}
// ANCHOR_END: solution
