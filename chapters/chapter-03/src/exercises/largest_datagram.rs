//! Exercise `largest_datagram`: seed 000's "send larger data packets".
//!
//! How big can one datagram be? Find out by trying: send datagrams of a
//! given size from one socket to another on loopback and see whether they
//! arrive whole, or whether `send_to` refuses them (`EMSGSIZE`, "message too
//! long"). Then search for the largest size that goes through. On IPv4 the
//! answer is 65,507 bytes whatever the MTU: the limit is the IP packet's
//! 16-bit length field, minus the IP and UDP headers.
//!
//! Layout: [`Outcome`], [`try_size`], [`largest_through`].

use std::io;
use std::net::UdpSocket;
use std::time::Duration;

/// What happened to one datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It arrived, whole (the same length).
    Delivered,
    /// `send_to` refused it: `EMSGSIZE` (see `crate::datagram::is_too_big`).
    TooBig,
    /// It was sent but nothing (or something of another length) arrived
    /// within `WAIT`.
    Lost,
}

/// How long [`try_size`] waits for the datagram to arrive.
pub const WAIT: Duration = Duration::from_secs(2);

// ANCHOR: stub
/// Sends one datagram of `len` bytes from `sender` to `receiver`'s local
/// address and says what happened.
pub fn try_size(sender: &UdpSocket, receiver: &UdpSocket, len: usize) -> io::Result<Outcome> {
    // TODO: send `len` bytes (any content) and return the `Outcome`, as its
    // documentation defines each one; a send error that is not `TooBig` is
    // returned as it is.
    let _ = (sender, receiver, len);
    todo!()
}

/// The largest size in `0..=limit` that [`try_size`] delivers, found by
/// binary search (sizes up to some bound go through, larger ones do not).
pub fn largest_through(
    sender: &UdpSocket,
    receiver: &UdpSocket,
    limit: usize,
) -> io::Result<usize> {
    // TODO: find that size with `try_size`, trying no more sizes than a
    // binary search needs.
    let _ = (sender, receiver, limit);
    todo!()
}
// ANCHOR_END: stub
