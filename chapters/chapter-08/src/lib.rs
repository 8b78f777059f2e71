//! # Chapter 8 — Receiving mail: POP3
//!
//! Mail waits in a *maildrop* on the server until a client fetches it with
//! the Post Office Protocol, version 3 (RFC 1939): log in, look at what is
//! there (STAT, LIST, UIDL), read headers (TOP) or whole messages (RETR),
//! mark some for deletion (DELE, undone by RSET) and end with QUIT, which is
//! the only moment anything is really deleted. Long replies come as lines
//! ending with a lone `.`, and lines of the message that start with `.` get
//! an extra one that the client removes.
//!
//! Layout:
//! - [`pop3`]: status lines, multi-line replies, commands, APOP, and the
//!   blocking [`pop3::Client`].
//! - [`headers`]: reading a message's header block: unfolding, encoded
//!   words (RFC 2047), the header/body split.
//! - [`summary`]: the per-message summary both programs print; [`cli`]: the
//!   command line they share.
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-08/`).
//!
//! The account comes from a TOML file and the environment exactly as in
//! chapter 7 ([`chapter_07::config`] with [`chapter_07::config::POP3`]).
//!
//! Binaries: `pop_headers` (the seed's `pop_01`), `pop_body` (exercise 2).

pub mod cli;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod headers;
pub mod pop3;
pub mod summary;
