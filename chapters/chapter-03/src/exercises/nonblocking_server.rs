//! Exercise `nonblocking_server`: seed 000's "implement a non-blocking UDP
//! server".
//!
//! A non-blocking socket never makes the program wait: a receive with
//! nothing queued fails at once with `ErrorKind::WouldBlock` (LuaSocket's
//! `settimeout(0)` and its "timeout" error). A server built that way can do
//! other work between calls: here, one call answers every datagram already
//! waiting, then returns, so the caller's loop stays in charge (chapter 4
//! builds event loops on this).
//!
//! Layout: [`serve_ready`].

use std::io;
use std::net::UdpSocket;

// ANCHOR: stub
/// Puts `socket` in non-blocking mode, then answers the datagrams already
/// queued on it, at most `max`: for each, `handler(datagram)` gives the
/// reply to send back to its sender (`None`: no reply). Returns how many
/// datagrams were handled; returns at once (with 0) when none is waiting.
pub fn serve_ready(
    socket: &UdpSocket,
    handler: &mut dyn FnMut(&[u8]) -> Option<Vec<u8>>,
    max: usize,
) -> io::Result<usize> {
    // TODO: answer the waiting datagrams (any size up to 65,507 bytes) as
    //       the doc comment says, and never block. A `ConnectionRefused`
    //       error (left by an earlier reply's ICMP "port unreachable") is
    //       no reason to stop.
    let _ = (socket, handler, max);
    todo!()
}
// ANCHOR_END: stub
