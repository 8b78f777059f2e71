//! SMTP reply lines (RFC 5321 §4.2): a three-digit code, a space, the text
//! (ours start with an enhanced status code, RFC 3463), CRLF. A leaf that
//! the session and the argument parsers both use.
//!
//! # Layout
//! `line`.

/// One reply line: `code text` CRLF.
pub(super) fn line(code: &str, text: &str) -> String {
    format!("{code} {text}\r\n")
}
