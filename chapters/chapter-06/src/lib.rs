//! # Chapter 6 — Filters: sources, sinks, pumps; base64, quoted-printable, rot13
//!
//! This chapter teaches data as a stream of chunks: sources, filters, sinks and
//! pumps with ltn12's semantics, the MIME encodings base64 and quoted-printable,
//! and the rot13 filter (the seed's end-of-chapter exercise 1).
//!
//! Layout:
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature, the
//!   reference solutions from `solutions/chapter-06/`).

pub mod exercises;
