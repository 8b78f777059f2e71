//! # Chapter 3 — UDP: datagrams and the daytime service
//!
//! Not written yet. This chapter will teach datagrams versus streams, connected and unconnected sending, truncation and datagram sizes, loss and retries, and the daytime protocol (RFC 867).
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
