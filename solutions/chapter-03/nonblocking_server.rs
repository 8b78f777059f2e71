//! Exercise `nonblocking_server`: seed 000's non-blocking UDP server.
//! Reference solution.
//!
//! Layout: [`serve_ready`].

use std::io;
use std::net::UdpSocket;

/// Puts `socket` in non-blocking mode and answers at most `max` queued
/// datagrams with `handler`; returns how many it handled, never blocking.
pub fn serve_ready(
    socket: &UdpSocket,
    handler: &mut dyn FnMut(&[u8]) -> Option<Vec<u8>>,
    max: usize,
) -> io::Result<usize> {
    socket.set_nonblocking(true)?;
    let mut buf = vec![0u8; 65_507];
    let mut handled = 0;
    while handled < max {
        match socket.recv_from(&mut buf) {
            Ok((n, from)) => {
                handled += 1;
                if let Some(reply) = handler(&buf[..n]) {
                    socket.send_to(&reply, from)?;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {}
            Err(e) => return Err(e),
        }
    }
    Ok(handled)
}
