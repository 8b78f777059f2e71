//! Sending mail with SMTP (RFC 5321), client side.
//!
//! Layout:
//! - [`reply`]: replies and the multi-line [`ReplyParser`](reply::ReplyParser).
//! - [`data`]: the message as DATA sends it (CRLF, dot-stuffing, the final `.`).
//! - [`auth`]: AUTH PLAIN and LOGIN (RFC 4954) and [`Credentials`](auth::Credentials).
//! - [`error`]: [`SmtpError`](error::SmtpError) — transient (4xx) vs permanent (5xx).
//! - [`session`]: the sans-I/O conversation, [`Session`](session::Session);
//!   [`command`]: its inputs and outputs (settings, commands, report).
//! - [`driver`]: the blocking driver over TCP with timeouts.

pub mod auth;
pub mod command;
pub mod data;
pub mod driver;
pub mod error;
pub mod reply;
pub mod session;

pub use auth::{Credentials, Mechanism};
pub use command::{Command, Next, Report, Settings};
pub use driver::{Direction, Timeouts, send};
pub use error::{Rejected, SmtpError, Stage};
pub use reply::{Reply, ReplyParser};
pub use session::Session;
