//! Exercise: header folding and encoded words.
//!
//! A header line should not be longer than 78 characters (RFC 5322
//! §2.1.1). A longer one is *folded*: a CRLF is put before a space, so the
//! continuation line starts with white space and the reader can join the
//! lines again. And headers are ASCII: other text travels as RFC 2047
//! encoded words, `=?UTF-8?B?<base64>?=`.
//!
//! Write:
//! - [`fold`]: `Name: value` ending in CRLF, broken before spaces so that
//!   no line is longer than [`LIMIT`] (without its CRLF) — unless a single
//!   word is longer, which then sits alone on its line. Even the first word
//!   moves to the next line when it does not fit after `Name:` (the space
//!   after the colon is white space too). Removing every CRLF
//!   gives back `Name: ` followed by the value's words joined by single
//!   spaces.
//! - [`encode_word`]: `text` unchanged if it is printable ASCII (and does
//!   not contain `=?`), else encoded words separated by single spaces, each
//!   at most 75 characters and each holding whole UTF-8 characters (never
//!   half of one). Use [`base64`].

// ANCHOR: stub
pub use crate::smtp::auth::base64;

/// The longest line `fold` makes, CRLF not counted.
pub const LIMIT: usize = 78;

/// The folded header line `name: value\r\n`.
pub fn fold(name: &str, value: &str) -> String {
    // TODO: the folded line the module documentation describes.
    let _ = (name, value);
    todo!("fold the header")
}

/// `text` as header-safe ASCII.
pub fn encode_word(text: &str) -> String {
    // TODO: `text` itself, or its encoded words, as the module
    // documentation says.
    let _ = text;
    todo!("encode non-ASCII text")
}
// ANCHOR_END: stub
