//! Exercise `udp_retry`: ask a lossy UDP server, with a timeout and retries.
//!
//! A datagram or its answer may vanish, so a UDP client never waits without
//! a limit: it waits `timeout` for an answer, sends the request again if
//! none came, and gives up after `attempts` sends. The tests run it against
//! the harness's daytime peer with seeded loss, and against an address
//! where nothing listens.
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

// ANCHOR: stub
/// Sends `request` on `socket`, which is already connected to the server
/// (`UdpSocket::connect`), and returns the first datagram that comes back
/// with the number of requests sent so far (1 when the first one was
/// answered). After each send, waits at most `retry.timeout`; on a timeout
/// it sends again, at most `retry.attempts` times in all.
pub fn request_with_retries(
    socket: &UdpSocket,
    request: &[u8],
    retry: Retry,
) -> Result<(Vec<u8>, u32), RetryError> {
    // TODO: send and wait, again after each timeout, as the doc comment
    // says; any datagram (of any size up to 65,507 bytes) is the answer. An
    // error other than a timeout is `RetryError::Io` at once; when every
    // attempt timed out, `RetryError::NoAnswer`.
    let _ = (socket, request, retry);
    todo!()
}
// ANCHOR_END: stub
