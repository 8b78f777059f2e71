//! # Chapter 6 — Filters: sources, sinks, pumps; base64, quoted-printable, rot13
//!
//! This chapter treats data as a fluid: it flows in chunks from a source,
//! through filters, into a sink, moved by a pump (the model of Lua's `ltn12`).
//! On top of it sit LuaSocket's `mime` filters: base64, quoted-printable, line
//! wrapping, line-end normalization and dot-stuffing. Every filter gives the
//! same output however its input is chunked, and keeps only a few bytes of
//! state, so memory stays flat for inputs of any size.
//!
//! Layout:
//! - [`ltn12`]: the [`Filter`](ltn12::Filter), [`Source`](ltn12::Source) and
//!   [`Sink`](ltn12::Sink) traits, chains, pumps, `std::io` adapters.
//! - [`mime`]: the MIME encodings and line filters.
//! - [`rot13`]: the rot13 filter (the seed's exercise, worked).
//! - [`catalog`]: every filter by name (used by the `transform` program).
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature, the
//!   reference solutions from `solutions/chapter-06/`).
//!
//! Binaries: `mime_demo` (the seed's Text Hydraulics program), `transform`
//! (a streaming command-line filter) and `transform_bench` (its benchmark).

pub mod catalog;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod ltn12;
pub mod mime;
pub mod rot13;
