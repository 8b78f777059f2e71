//! Exercise `largest_datagram`: seed 000's "send larger data packets".
//! Reference solution.
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
    /// `send_to` refused it: `EMSGSIZE`.
    TooBig,
    /// It was sent but nothing (or something of another length) arrived
    /// within `WAIT`.
    Lost,
}

/// How long [`try_size`] waits for the datagram to arrive.
pub const WAIT: Duration = Duration::from_secs(2);

/// Sends one datagram of `len` bytes from `sender` to `receiver` and says
/// what happened.
pub fn try_size(sender: &UdpSocket, receiver: &UdpSocket, len: usize) -> io::Result<Outcome> {
    let payload = vec![0x5a; len];
    if let Err(e) = sender.send_to(&payload, receiver.local_addr()?) {
        return if crate::datagram::is_too_big(&e) {
            Ok(Outcome::TooBig)
        } else {
            Err(e)
        };
    }
    receiver.set_read_timeout(Some(WAIT))?;
    let mut buf = vec![0u8; len + 1];
    match receiver.recv(&mut buf) {
        Ok(n) if n == len => Ok(Outcome::Delivered),
        Ok(_) => Ok(Outcome::Lost),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(Outcome::Lost)
        }
        Err(e) => Err(e),
    }
}

/// The largest size in `0..=limit` that [`try_size`] delivers (binary search).
pub fn largest_through(
    sender: &UdpSocket,
    receiver: &UdpSocket,
    limit: usize,
) -> io::Result<usize> {
    let (mut good, mut bad) = (0, limit + 1);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        match try_size(sender, receiver, mid)? {
            Outcome::Delivered => good = mid,
            Outcome::TooBig | Outcome::Lost => bad = mid,
        }
    }
    Ok(good)
}
