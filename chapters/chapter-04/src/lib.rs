//! # Chapter 4 — Many clients at once: readiness loops, coroutines, event loops, chat
//!
//! A server that blocks on one client's `receive` serves one client. This
//! chapter serves thousands from one thread, three ways, all driving the same
//! sans-I/O session core:
//!
//! - [`poll`]: a readiness loop (epoll via `mio`) with explicit state per
//!   connection — the seed's `select` loop, without `select`'s limits;
//! - [`coroutine`]: each session an `async fn`, run by the small executor in
//!   [`executor`] on the same readiness loop — the seed's coroutines;
//! - [`tokio_engine`]: the same `async fn` on tokio.
//!
//! Layout:
//! - [`session`]: the session core ([`session::Distinct`], the seed's) and
//!   [`session::Step`]; [`conn`]: one connection's capped buffers.
//! - [`service`]: what the loop serves (sessions, or a chat [`chat::Room`]).
//! - [`control`]: stop handle, options, the connection table.
//! - [`poll`], [`executor`], [`coroutine`], [`lines`], [`tokio_engine`]: the engines.
//! - [`chat`]: the chat room; [`engine`]: choosing an engine by name.
//! - [`bench`]: what the benchmarks share (load, rounds, process groups).
//! - [`nonblocking`]: 000's busy loop, its CPU cost, and the seed's removal bug.
//! - [`exercises`]: the learner's stubs (or, with `solutions`, the reference).
//!
//! Binaries: `server_02`, `client_02` (002), `chat_server`,
//! `nonblocking_server` (000).

pub mod bench;
pub mod chat;
pub mod conn;
pub mod control;
pub mod coroutine;
pub mod engine;
pub mod executor;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod lines;
pub mod nonblocking;
pub mod poll;
pub mod service;
pub mod session;
pub mod tokio_engine;
