//! # Chapter 9 — Streams: inetd-style servers, pipes to other programs, structured data
//!
//! Not every networked program opens a socket. A super-server (inetd,
//! xinetd) can accept the connection and run the program with the socket as
//! its standard input and output; a client can drive `nc` or `ssh` through
//! pipes; and once bytes flow, structured data can travel as text — read
//! back by a parser, never run as code.
//!
//! Layout:
//! - [`echo`]: the seed's `echo.lua` (greeting, echo, closing line) as a
//!   sans-I/O session and a driver over any reader and writer.
//! - [`inetd`]: a small super-server: one process per connection, the
//!   socket as its stdin and stdout (Unix).
//! - [`lines`]: reading lines with a cap.
//! - [`pipe`]: a two-way conversation with another program (the seed's
//!   `client_03`, without its one-way `popen` limit and without deadlock).
//! - [`lua`]: Lua table literals: the writer (escaping, numbers, sharing and
//!   cycle detection) and the safe reader (limits, errors with positions).
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature, the
//!   reference solutions from `solutions/chapter-09/`).
//!
//! Binaries: `echo_stdio` (the echo service for a super-server),
//! `super_server` (the super-server: `super_server -- PROGRAM`),
//! `stream_client` (lines through `nc` or any command), `serialize` (writes
//! and safely reads Lua table literals).

pub mod echo;
#[cfg(feature = "exercises")]
pub mod exercises;
#[cfg(unix)]
pub mod inetd;
pub mod lines;
pub mod lua;
pub mod pipe;
