//! What the POP3 protocol core tells its driver: an [`Action`] per command
//! line, and the reply lines it is made of (RFC 1939 §3: a status
//! indicator `+OK` or `-ERR`, text, CRLF). A leaf that the session and the
//! per-state commands both use.
//!
//! # Layout
//! [`Secret`], [`Action`], `ok`, `err`.

use std::path::PathBuf;

/// What a client logged in with.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// PASS: the password itself.
    Pass(String),
    /// APOP: the digest of the greeting's timestamp and the password.
    Apop(String),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::Pass(_) => "Pass(<secret>)",
            Secret::Apop(_) => "Apop(<digest>)",
        })
    }
}

/// What the driver must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send this status line.
    Reply(String),
    /// Send this status line, data lines and the `.` line (one reply).
    Multi(Vec<u8>),
    /// Check the login, lock and load the maildrop, then call
    /// [`ServerSession::enter`](super::ServerSession::enter) or
    /// [`ServerSession::refuse`](super::ServerSession::refuse).
    Login {
        /// The user name.
        user: String,
        /// What proves it.
        secret: Secret,
    },
    /// Delete these files (UPDATE), then reply and close.
    Quit {
        /// The marked messages (empty in AUTHORIZATION).
        delete: Vec<PathBuf>,
    },
}

/// A positive status line.
pub(super) fn ok(text: &str) -> Action {
    Action::Reply(format!("+OK {text}\r\n"))
}

/// A negative status line.
pub(super) fn err(text: &str) -> Action {
    Action::Reply(format!("-ERR {text}\r\n"))
}
