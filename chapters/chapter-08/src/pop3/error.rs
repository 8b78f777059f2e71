//! What can go wrong talking to a POP3 server, each with enough context to
//! say what to do.
//!
//! Layout: [`Pop3Error`].

use std::io;

/// A failed POP3 exchange.
#[derive(Debug, thiserror::Error)]
pub enum Pop3Error {
    /// The connection failed or timed out.
    // Shown, not chained as a `source`: a report of the chain would say it twice.
    #[error("connection error: {0}")]
    Io(io::Error),
    /// The server answered `-ERR` to a command.
    #[error("the server refused {command}: -ERR {text}")]
    Refused {
        /// The command (a password shows as `<secret>`).
        command: String,
        /// The server's explanation.
        text: String,
    },
    /// The server closed the connection in the middle of a reply.
    #[error("the server closed the connection {0}")]
    Closed(&'static str),
    /// A line or a reply broke the protocol or a limit.
    #[error("protocol error: {0}")]
    Protocol(String),
}

impl From<io::Error> for Pop3Error {
    fn from(e: io::Error) -> Self {
        Pop3Error::Io(e)
    }
}

impl Pop3Error {
    /// True if the server said `-ERR` (the connection is still usable).
    pub fn is_refusal(&self) -> bool {
        matches!(self, Pop3Error::Refused { .. })
    }
}
