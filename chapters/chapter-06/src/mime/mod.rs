//! MIME encodings and line filters (LuaSocket's `mime` module), all chunk-safe.
//!
//! Mail and many other text protocols were built for 7-bit ASCII lines.
//! MIME (RFC 2045) defines how to carry anything else through them:
//! - **quoted-printable** keeps ASCII readable and escapes the rest as `=XX`;
//!   it suits text with an occasional accented letter;
//! - **base64** turns every 3 bytes into 4 safe symbols (a steady 33 % growth);
//!   it suits binary data and text that is mostly non-ASCII.
//!
//! Layout:
//! - [`base64`]: [`Base64Encoder`], [`Base64Decoder`].
//! - [`qp`]: [`QpEncoder`] (text or binary [`QpMode`]); [`qp_decode`]: [`QpDecoder`].
//! - [`wrap`]: [`Wrap`] (hard breaks), [`QpWrap`] (soft breaks).
//! - [`eol`]: [`Normalize`] (line ends to CRLF), [`DotStuff`] (SMTP).
//! - `scan`: finding the next byte that matters, eight bytes at a time.
//! - this file: [`encode`], [`decode`] (by name, like `mime.encode("base64")`)
//!   and [`qp_text_encoder`] (the usual chain for mail text).

pub mod base64;
pub mod eol;
pub mod qp;
pub mod qp_decode;
mod scan;
pub mod wrap;

pub use base64::{Base64Decoder, Base64Encoder};
pub use eol::{DotStuff, Normalize};
pub use qp::{QpEncoder, QpMode};
pub use qp_decode::QpDecoder;
pub use wrap::{QpWrap, Wrap};

use crate::ltn12::{Chain, Filter};

// ANCHOR: by_name
/// The encoding filter named `name` (`"base64"` or `"quoted-printable"`),
/// like LuaSocket's `mime.encode(name)`; `None` for an unknown name.
pub fn encode(name: &str) -> Option<Box<dyn Filter>> {
    match name {
        "base64" => Some(Box::new(Base64Encoder::new())),
        "quoted-printable" => Some(Box::new(QpEncoder::new(QpMode::Text))),
        _ => None,
    }
}

/// The decoding filter named `name`, like LuaSocket's `mime.decode(name)`.
pub fn decode(name: &str) -> Option<Box<dyn Filter>> {
    match name {
        "base64" => Some(Box::new(Base64Decoder::new())),
        "quoted-printable" => Some(Box::new(QpDecoder::new())),
        _ => None,
    }
}
// ANCHOR_END: by_name

// ANCHOR: qp_text
/// Quoted-printable for mail text, as LuaSocket's SMTP module builds it: line
/// ends normalized to CRLF, text-mode encoding, then soft breaks at 76 columns.
pub fn qp_text_encoder() -> Chain {
    Chain::new()
        .then(Normalize::default())
        .then(QpEncoder::new(QpMode::Text))
        .then(QpWrap::new())
}
// ANCHOR_END: qp_text
