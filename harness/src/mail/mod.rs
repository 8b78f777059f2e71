//! What the mail peers share (DESIGN.md §5): the SMTP peer delivers into
//! the mail store that the POP3 peer serves, both log in the same
//! accounts, and `workbook peer room` serves those accounts over HTTP and
//! DNS too. None of this belongs to one protocol, so it lives here and
//! [`crate::smtp`], [`crate::pop3`] (and the room) build on it.
//!
//! # Layout
//! - [`accounts`]: [`Account`], [`Accounts`], the test account;
//!   `accounts_file`: reading and checking an accounts file
//!   ([`Accounts::load`], [`MAX_ACCOUNTS`], [`MAX_FILE_BYTES`]).
//! - [`store`]: [`MailStore`], the `<store>/<mailbox>/<NNNN>.eml` layout.
//! - this file: [`DEFAULT_MAX_SESSIONS`], the cap on sessions at once
//!   (the peer framework enforces it, answering in the peer's protocol).
//! - [`sasl`]: base64 and the SASL PLAIN and LOGIN pieces.
//! - [`dot`]: dot-stuffing and unstuffing (SMTP DATA, POP3 multi-line).
//! - [`client`]: the test-side [`SmtpClient`] and [`Pop3Client`], sharing
//!   one line reader and one dot-terminated block reader.

pub mod accounts;
mod accounts_file;
pub mod client;
pub mod dot;
pub mod sasl;
pub mod store;

pub use accounts::{Account, Accounts, TEST_ADDRESS, TEST_PASSWORD, TEST_USER};
pub use accounts_file::{
    FORMAT as ACCOUNTS_FORMAT, MAX_ACCOUNTS, MAX_ADDRESS, MAX_FILE_BYTES, MAX_PASSWORD, MAX_USER,
};
pub use client::{Pop3Client, Reply, SmtpClient};
pub use store::MailStore;

/// Sessions a mail peer serves at once by default: a class of ~50
/// learners, each with a few clients open, fits with room to spare. One
/// more evicts the longest-idle session, or is told the server is full
/// ([`crate::peer::room`]).
pub const DEFAULT_MAX_SESSIONS: usize = 256;
