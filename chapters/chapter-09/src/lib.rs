//! # Chapter 9 — Streams: inetd-style servers, pipes to other programs, structured data
//!
//! Not written yet. This chapter will teach programs that speak over standard input and output, a super-server that runs one per connection, two-way pipes to other programs, and sending structured data as text that is read back by a parser, never run as code.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
