//! What the SMTP session takes and gives back: [`Settings`] (our name and
//! the login), each [`Command`] to send (with a form that is safe to show),
//! [`Next`] (send this, or done), and the final [`Report`].
//!
//! Layout: [`Settings`], [`Command`], [`Next`], [`Report`].

use super::auth::{Credentials, Mechanism};
use super::error::Rejected;
use super::reply::Reply;

/// How to introduce ourselves and log in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The name given in EHLO/HELO (our host's name).
    pub helo_name: String,
    /// Log in with these, if set.
    pub credentials: Option<Credentials>,
}

/// One thing to send: the bytes, and how a log may show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The bytes for the wire.
    pub bytes: Vec<u8>,
    /// A one-line description safe to print: passwords and AUTH responses
    /// are replaced by `<secret>`, message data by its size.
    pub shown: String,
}

impl Command {
    pub(super) fn line(text: String) -> Self {
        Command {
            shown: text.clone(),
            bytes: format!("{text}\r\n").into_bytes(),
        }
    }

    pub(super) fn secret(prefix: &str, secret: &str) -> Self {
        Command {
            bytes: format!("{prefix}{secret}\r\n").into_bytes(),
            shown: format!("{prefix}<secret>"),
        }
    }
}

/// What the driver does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Write this, then wait for a reply.
    Send(Command),
    /// The conversation is over.
    Done(Report),
}

/// What happened to a message that was sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Recipients the server accepted.
    pub accepted: Vec<String>,
    /// Recipients it refused, with its replies.
    pub rejected: Vec<Rejected>,
    /// The reply to the end of the message (`250 … queued as …`).
    pub queued: Option<Reply>,
    /// The mechanism used to log in, if any.
    pub auth: Option<Mechanism>,
    /// The EHLO keywords the server offered (empty after HELO).
    pub extensions: Vec<String>,
}
