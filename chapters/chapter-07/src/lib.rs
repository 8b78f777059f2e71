//! # Chapter 7 — Sending mail: SMTP
//!
//! An e-mail is two things: a *message* (RFC 5322 headers and a MIME body,
//! which the reader sees) and an *envelope* (a sender and a list of
//! recipients, which the SMTP server uses to deliver it). This chapter builds
//! both and sends them through the SMTP conversation of RFC 5321, with login
//! (RFC 4954), per-recipient refusals, transient versus permanent errors and
//! timeouts — the parts LuaSocket's `smtp.message` and `smtp.send` hide.
//!
//! Layout:
//! - [`message`]: the message builder (folding, encoded words, Date,
//!   Message-ID, MIME text and attachments) and its [`Envelope`](message::Envelope).
//! - [`smtp`]: replies, DATA encoding, AUTH, the sans-I/O session and the
//!   blocking driver.
//! - [`config`]: server and account from a TOML file and the environment.
//! - [`moonlight`]: the seed's message.
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-07/`).
//!
//! Binary: `smtp_send` (the seed's `smtp_01`).

pub mod config;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod message;
pub mod moonlight;
pub mod smtp;
