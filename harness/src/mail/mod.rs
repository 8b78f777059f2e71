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
//! - [`gate`]: [`Gate`], the cap on sessions at once
//!   ([`DEFAULT_MAX_SESSIONS`]).
//! - [`sasl`]: base64 and the SASL PLAIN and LOGIN pieces.
//! - [`dot`]: dot-stuffing and unstuffing (SMTP DATA, POP3 multi-line).
//! - [`client`]: the test-side [`SmtpClient`] and [`Pop3Client`], sharing
//!   one line reader and one dot-terminated block reader.

pub mod accounts;
mod accounts_file;
pub mod client;
pub mod dot;
pub mod gate;
pub mod sasl;
pub mod store;

pub use accounts::{Account, Accounts, TEST_ADDRESS, TEST_PASSWORD, TEST_USER};
pub use accounts_file::{MAX_ACCOUNTS, MAX_ADDRESS, MAX_FILE_BYTES, MAX_PASSWORD, MAX_USER};
pub use client::{Pop3Client, Reply, SmtpClient};
pub use gate::{DEFAULT_MAX_SESSIONS, Gate, Slot};
pub use store::MailStore;
