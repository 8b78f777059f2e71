//! # Chapter 2 — TCP: streams, receive patterns, timeouts, echo, two servers and a client
//!
//! Not written yet. This chapter will teach the life of a TCP socket (master, server, client), LuaSocket's receive patterns as a Rust reader, total versus block timeouts, an echo server, and two servers sharing a port on different addresses.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
