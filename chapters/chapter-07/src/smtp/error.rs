//! What can go wrong while sending, as types a caller can act on.
//!
//! The first digit of a reply says whose move it is (RFC 5321 §4.2.1): 4xx
//! is *transient* (try again later: a full disk, greylisting), 5xx is
//! *permanent* (do not retry unchanged: unknown user, refused relay). The
//! distinction decides whether a mail program queues the message or bounces
//! it, so it is two variants here, not a number to compare.
//!
//! Layout: [`Stage`], [`Rejected`], [`SmtpError`].

use std::time::Duration;

use super::data::DataError;
use super::reply::{Reply, ReplyError};

/// The step of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the server's greeting.
    Greeting,
    /// EHLO or HELO.
    Hello,
    /// AUTH (RFC 4954).
    Auth,
    /// MAIL FROM.
    MailFrom,
    /// RCPT TO.
    RcptTo,
    /// DATA, up to the 354 reply.
    Data,
    /// The message itself, up to the reply to the final `.`.
    Message,
    /// QUIT.
    Quit,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Greeting => "greeting",
            Stage::Hello => "EHLO/HELO",
            Stage::Auth => "AUTH",
            Stage::MailFrom => "MAIL FROM",
            Stage::RcptTo => "RCPT TO",
            Stage::Data => "DATA",
            Stage::Message => "end of message data",
            Stage::Quit => "QUIT",
        })
    }
}

/// A recipient the server refused, and its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The address given in `RCPT TO`.
    pub addr: String,
    /// The server's reply (4xx: try later, 5xx: give up).
    pub reply: Reply,
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    /// A 4xx reply: the server may accept the same thing later.
    #[error("{stage}: the server replied \"{reply}\" (temporary failure: try again later)")]
    Transient {
        /// Where it happened.
        stage: Stage,
        /// The reply.
        reply: Reply,
    },
    /// A 5xx reply: the server will not accept this as it is.
    #[error("{stage}: the server replied \"{reply}\" (permanent failure)")]
    Permanent {
        /// Where it happened.
        stage: Stage,
        /// The reply.
        reply: Reply,
    },
    /// A reply the protocol does not allow at this point (e.g. 354 to MAIL).
    #[error("{stage}: unexpected reply \"{reply}\"")]
    Unexpected {
        /// Where it happened.
        stage: Stage,
        /// The reply.
        reply: Reply,
    },
    /// Every recipient was refused, so no message was sent.
    #[error("the server refused every recipient: {}", list(.rejected))]
    NoRecipients {
        /// Each refused recipient and its reply.
        rejected: Vec<Rejected>,
    },
    /// The server lacks something the message needs (AUTH, 8BITMIME).
    #[error("{0}")]
    Unsupported(String),
    /// The server's bytes are not a valid reply.
    #[error("malformed reply: {0}")]
    Reply(#[from] ReplyError),
    /// The message cannot be sent as it is.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The server closed the connection before the conversation ended.
    #[error("{stage}: the server closed the connection")]
    Closed {
        /// Where it happened.
        stage: Stage,
    },
    /// No whole reply arrived in time (RFC 5321 §4.5.3.2).
    #[error("{stage}: no reply within {} s", .after.as_secs_f32())]
    Timeout {
        /// Where it happened.
        stage: Stage,
        /// How long we waited.
        after: Duration,
    },
    /// The whole conversation took longer than [`Timeouts::total`](super::Timeouts::total)
    /// (a server trickling its replies).
    #[error("{stage}: the conversation took longer than {} s (the total time limit)", .total.as_secs_f32())]
    TooSlow {
        /// Where it happened.
        stage: Stage,
        /// The limit.
        total: Duration,
    },
    /// Connecting, reading or writing failed.
    // Shown, not chained as a `source`: a report of the chain would say it twice.
    #[error("{stage}: {error}")]
    Io {
        /// Where it happened.
        stage: Stage,
        /// The system's error.
        error: std::io::Error,
    },
}

fn list(rejected: &[Rejected]) -> String {
    let parts: Vec<String> = rejected
        .iter()
        .map(|r| format!("<{}> ({})", r.addr, r.reply))
        .collect();
    parts.join(", ")
}

impl SmtpError {
    /// The error a non-positive `reply` at `stage` means.
    pub fn from_reply(stage: Stage, reply: Reply) -> Self {
        match reply.code {
            400..=499 => SmtpError::Transient { stage, reply },
            500..=599 => SmtpError::Permanent { stage, reply },
            _ => SmtpError::Unexpected { stage, reply },
        }
    }

    /// True when trying again later may succeed (4xx, timeouts, lost connections).
    pub fn is_transient(&self) -> bool {
        match self {
            SmtpError::Transient { .. }
            | SmtpError::Closed { .. }
            | SmtpError::Timeout { .. }
            | SmtpError::TooSlow { .. }
            | SmtpError::Io { .. } => true,
            SmtpError::NoRecipients { rejected } => rejected.iter().any(|r| r.reply.is_transient()),
            _ => false,
        }
    }
}
