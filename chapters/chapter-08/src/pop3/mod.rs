//! The POP3 client (RFC 1939), built from sans-I/O pieces.
//!
//! A POP3 server answers every command with one *status line*, `+OK …` or
//! `-ERR …`. Some commands (LIST and UIDL without an argument, TOP, RETR,
//! CAPA) follow a positive status with *data lines* ending in a line that
//! holds a lone `.`; a data line that itself starts with `.` is sent with
//! one more `.` in front (byte-stuffing, RFC 1939 §3), which the reader
//! removes.
//!
//! Layout:
//! - [`reply`]: the status line ([`Status`]) and its limits.
//! - [`multiline`]: [`MultiLine`], the data-line reader with dot-unstuffing.
//! - [`listing`]: the replies of STAT, LIST, UIDL and CAPA as values.
//! - [`apop`]: the APOP digest (RFC 1939 §7).
//! - [`error`]: what can go wrong, as [`Pop3Error`].
//! - [`client`]: [`Client`], the blocking driver over any `Read + Write`.

pub mod apop;
pub mod client;
pub mod error;
pub mod listing;
pub mod multiline;
pub mod reply;

pub use client::{Client, Limits, Login};
pub use error::Pop3Error;
pub use listing::{Capabilities, Stat};
pub use multiline::MultiLine;
pub use reply::Status;
