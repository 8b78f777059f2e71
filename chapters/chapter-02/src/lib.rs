//! # Chapter 2 — TCP: streams, receive patterns, timeouts, echo, two servers and a client
//!
//! TCP gives two programs a reliable, ordered stream of bytes with no
//! boundaries in it. This chapter builds LuaSocket's view of that stream in
//! Rust: a socket whose kind (master, server, client) is part of its type,
//! receive patterns that cut the stream into lines or blocks, sends that
//! report how far they got, and block versus total timeouts. The seed's
//! programs sit on top: two greeting servers sharing a port, their client,
//! an echo server, and a small client/server pair.
//!
//! Layout:
//! - [`pattern`]: the receive patterns as a sans-I/O matcher over a buffer.
//! - [`timeout`]: block and total timeouts; the total one as a deadline.
//! - [`stream`]: the blocking driver: `receive` (partial data on failure)
//!   and `send` (partial progress).
//! - [`socket`]: the master → server / client typestate over `socket2`.
//! - [`addr`]: host and port to a socket address; [`cli`]: exit statuses and
//!   timeouts for the programs.
//! - [`serve`]: the one-client-at-a-time accept loop.
//! - [`greeting`], [`echo`], [`hello`]: the work of the chapter's programs.
//! - [`shown`]: a peer's text made safe to show on a terminal (used by
//!   chapters 4 and 8).
//! - [`client_error`]: a client's errors and retry policy (the types of the
//!   `retry_client` exercise).
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-02/`).
//!
//! Binaries: `server_01`, `client_01` (002's two servers and a client),
//! `echo_server` (001), `tcp_server`, `tcp_client` (000).

pub mod addr;
pub mod cli;
pub mod client_error;
pub mod echo;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod greeting;
pub mod hello;
pub mod pattern;
pub mod serve;
pub mod shown;
pub mod socket;
pub mod stream;
pub mod timeout;
