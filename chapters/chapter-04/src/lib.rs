//! # Chapter 4 — Many clients at once: readiness loops, coroutines, event loops, chat
//!
//! Not written yet. This chapter will teach serving many clients from one thread: select and its limits, poll/epoll readiness loops, sessions as state machines, coroutines as async functions on a hand-written executor, tokio, backpressure, and a chat server.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
