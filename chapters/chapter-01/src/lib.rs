//! # Chapter 1 — Names and addresses: DNS and URLs
//!
//! Not written yet. This chapter will teach how a host name becomes addresses (the system resolver and our own DNS client over UDP), what a DNS message looks like on the wire, and how a URL splits into its parts and is resolved against a base (RFC 3986).
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
