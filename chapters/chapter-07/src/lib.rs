//! # Chapter 7 — Sending mail: SMTP
//!
//! Not written yet. This chapter will teach building an RFC 5322 message and sending it over SMTP: the dialogue, the envelope versus the headers (why Bcc is never a header), authentication, and keeping credentials out of code.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
