//! The errors of a client that talks to one server, and its retry policy:
//! the types of exercise `retry_client` (000's second "Try It Yourself":
//! handle network failures), kept here so the exercise is only the logic.
//!
//! A refused connection (nothing listens there yet) is worth retrying a few
//! times with a pause; a timeout, a reset or a close in the middle of the
//! answer is not, but the user must learn which of them happened, where, and
//! what came before it. [`ClientError`] names each case and its `Display`
//! says what to do.
//!
//! Layout: [`Retry`], [`ClientError`].

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

/// How to retry a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Connection attempts in all (at least one is made).
    pub attempts: u32,
    /// Pause between two attempts.
    pub backoff: Duration,
    /// Longest wait of one attempt.
    pub connect_timeout: Duration,
}

// ANCHOR: client_error
/// What went wrong, in words a user can act on.
#[derive(Debug)]
pub enum ClientError {
    /// Every attempt was refused: nothing listens at `addr`.
    Refused {
        /// Where.
        addr: SocketAddr,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The server did not answer in time (connecting or replying).
    TimedOut {
        /// Where.
        addr: SocketAddr,
        /// What came before the timeout.
        partial: Vec<u8>,
    },
    /// The server reset the connection.
    Reset {
        /// Where.
        addr: SocketAddr,
        /// What came before the reset.
        partial: Vec<u8>,
    },
    /// The server closed the connection before a whole line.
    Closed {
        /// Where.
        addr: SocketAddr,
        /// What came before the close.
        partial: Vec<u8>,
    },
    /// Any other I/O error.
    Other {
        /// Where.
        addr: SocketAddr,
        /// The error.
        error: io::Error,
    },
}

// ANCHOR: display
impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let got = |p: &[u8]| format!("after {} bytes {:?}", p.len(), String::from_utf8_lossy(p));
        match self {
            ClientError::Refused { addr, attempts } => write!(
                f,
                "connection to {addr} refused ({attempts} attempts): is the server running on that address and port?"
            ),
            ClientError::TimedOut { addr, partial } => write!(
                f,
                "{addr} timed out {}: the server is slow or stuck; try a longer timeout",
                got(partial)
            ),
            ClientError::Reset { addr, partial } => write!(
                f,
                "{addr} reset the connection {}: the server crashed or refused the request",
                got(partial)
            ),
            ClientError::Closed { addr, partial } => write!(
                f,
                "{addr} closed the connection {} before a whole line",
                got(partial)
            ),
            ClientError::Other { addr, error } => write!(f, "talking to {addr}: {error}"),
        }
    }
}
// ANCHOR_END: display
// ANCHOR_END: client_error

impl std::error::Error for ClientError {}
