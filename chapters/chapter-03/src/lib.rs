//! # Chapter 3 — UDP: datagrams and the daytime service
//!
//! UDP carries separate messages, datagrams, from one program to another
//! and promises nothing else: no connection, no order, no delivery, no
//! resending. This chapter shows what that means in code: message
//! boundaries that are kept, datagrams cut short by a small buffer, a size
//! limit, loss answered by timeouts and retries, connected and unconnected
//! sending, and the daytime service (RFC 867) as the running example.
//!
//! # Layout
//! - [`daytime`]: the daytime protocol without I/O (request, reply, checks,
//!   the RFC 867 line, the [`daytime::Clock`]).
//! - [`calendar`]: days since 1970 to a calendar date (also used by
//!   chapters 5 and 7).
//! - [`ask`]: clients: resolve once, ask over UDP with a timeout and
//!   retries, or over TCP.
//! - [`datagram`]: size limits, binding, `recvfrom` with flags.
//! - [`server`]: the daytime server (UDP and TCP) and seed 000's UDP server,
//!   with a shutdown handle; [`poll`]: waiting on several sockets at once.
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-03/`).
//!
//! Binaries: `daytime_client` and `daytime_server` (seed 001's daytime
//! example and its other end), `udp_server` and `udp_client` (seed 000's
//! pair), and `udp_bench` (connected against unconnected sending).

pub mod ask;
pub mod calendar;
pub mod datagram;
pub mod daytime;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod poll;
pub mod server;
