//! Exercise `udp_retry`: ask a lossy UDP server, with a timeout and retries.
//! Reference solution.
//!
//! Layout: [`Retry`], [`RetryError`], [`request_with_retries`].

use std::io;
use std::net::UdpSocket;
use std::time::Duration;

/// How long to wait per attempt, and how many attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Wait this long for an answer after each send.
    pub timeout: Duration,
    /// Send at most this many times (treat 0 as 1).
    pub attempts: u32,
}

/// Why no answer came back.
#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    /// Every attempt timed out; `attempts` requests were sent.
    #[error("no answer after {attempts} attempt(s)")]
    NoAnswer {
        /// Requests sent.
        attempts: u32,
    },
    /// Any error other than a timeout (e.g. `ConnectionRefused`: the
    /// kernel got an ICMP "port unreachable", nothing listens there).
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Sends `request` on the connected `socket`, resending after each timeout,
/// and returns the first answer with the number of requests sent.
pub fn request_with_retries(
    socket: &UdpSocket,
    request: &[u8],
    retry: Retry,
) -> Result<(Vec<u8>, u32), RetryError> {
    socket.set_read_timeout(Some(retry.timeout))?;
    let mut buf = vec![0u8; 65_507];
    let attempts = retry.attempts.max(1);
    for attempt in 1..=attempts {
        socket.send(request)?;
        match socket.recv(&mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return Ok((buf, attempt));
            }
            // Which kind a timeout is depends on the platform.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(RetryError::NoAnswer { attempts })
}
