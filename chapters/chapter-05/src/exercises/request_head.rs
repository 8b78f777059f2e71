//! Exercise: an incremental request-head parser (sans-I/O, capped).
//!
//! The seed's server read the request line and one header per line from the
//! socket. Here you parse from a buffer that holds whatever has arrived so
//! far: the caller appends bytes and calls again until the head is complete.
//!
//! Rules (RFC 9112):
//! - Lines end in CRLF; accept a bare LF too (§2.2).
//! - Request line: `METHOD SP TARGET SP VERSION`, exactly three parts split
//!   on single spaces; VERSION is `HTTP/1.0` or `HTTP/1.1`; else BadRequest.
//! - A field line is `Name: value`; the name is non-empty with no space or
//!   tab in it; the value loses leading and trailing spaces and tabs (§5.1).
//! - A line that starts with a space or tab continues the previous field
//!   (obsolete folding, §5.2): append one space and the trimmed line to its
//!   value (nothing when the line is blank after trimming). Before any field
//!   it is BadRequest.
//! - The head ends at the first empty line; report the bytes used up to and
//!   including it (what follows is the body or the next request).
//! - Caps, also while incomplete: a request line (or, before its end, the
//!   buffer) longer than [`MAX_LINE`] is UriTooLong; a head (or an
//!   incomplete buffer) longer than [`MAX_HEAD`] is HeadersTooLarge.

/// Longest request line (414 beyond).
pub const MAX_LINE: usize = 8192;
/// Longest head (431 beyond).
pub const MAX_HEAD: usize = 16384;

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The method.
    pub method: String,
    /// The request-target.
    pub target: String,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    /// Fields in order, values trimmed, folded lines joined with one space.
    pub headers: Vec<(String, String)>,
}

/// Why a head is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400.
    BadRequest,
    /// 414.
    UriTooLong,
    /// 431.
    HeadersTooLarge,
}

// ANCHOR: stub
/// Parses the head at the start of `buf`: `Ok(None)` while incomplete,
/// `Ok(Some((head, bytes used)))` once the blank line arrived.
pub fn parse_request_head(buf: &[u8]) -> Result<Option<(Head, usize)>, Refusal> {
    // TODO: find the first line; check MAX_LINE; split it into three parts.
    // TODO: read field lines until the empty one, joining folded lines.
    // TODO: check MAX_HEAD on every path, complete or not.
    let _ = buf;
    todo!("parse the request head")
}
// ANCHOR_END: stub
