//! Every filter of the chapter by name, for the `transform` program.
//!
//! Layout: [`FILTERS`] (names and one-line descriptions) and [`by_name`].

use crate::ltn12::Filter;
use crate::mime::{
    Base64Decoder, Base64Encoder, DotStuff, Normalize, QpDecoder, QpEncoder, QpMode, QpWrap, Wrap,
    qp_text_encoder,
};
use crate::rot13::Rot13;

/// Each filter name `transform` accepts, with what it does.
pub const FILTERS: &[(&str, &str)] = &[
    (
        "base64-encode",
        "base64, no line breaks, `=` padding (alias: base64)",
    ),
    (
        "base64-decode",
        "base64 back to bytes; skips white space, rejects other bytes",
    ),
    (
        "quoted-printable",
        "quoted-printable for text: line ends to CRLF, soft breaks at 76 columns",
    ),
    ("qp-encode", "quoted-printable, text mode, no soft breaks"),
    (
        "qp-encode-binary",
        "quoted-printable, binary mode (CRLF as =0D=0A)",
    ),
    ("qp-decode", "quoted-printable back to bytes"),
    ("wrap", "hard line breaks (CRLF) every 76 columns"),
    ("qp-wrap", "quoted-printable soft line breaks at 76 columns"),
    ("normalize", "every line break (CR, LF, CRLF, LFCR) to CRLF"),
    ("dot-stuff", "double a `.` at the start of each line (SMTP)"),
    ("rot13", "rotate ASCII letters by 13 places"),
    ("identity", "copy input to output unchanged"),
];

/// A fresh filter for `name` (one of [`FILTERS`]), or `None`.
pub fn by_name(name: &str) -> Option<Box<dyn Filter>> {
    let filter: Box<dyn Filter> = match name {
        "base64-encode" | "base64" => Box::new(Base64Encoder::new()),
        "base64-decode" => Box::new(Base64Decoder::new()),
        "quoted-printable" => Box::new(qp_text_encoder()),
        "qp-encode" => Box::new(QpEncoder::new(QpMode::Text)),
        "qp-encode-binary" => Box::new(QpEncoder::new(QpMode::Binary)),
        "qp-decode" => Box::new(QpDecoder::new()),
        "wrap" => Box::new(Wrap::default()),
        "qp-wrap" => Box::new(QpWrap::new()),
        "normalize" => Box::new(Normalize::default()),
        "dot-stuff" => Box::new(DotStuff::new()),
        "rot13" => Box::new(Rot13),
        "identity" => Box::new(crate::ltn12::Chain::new()),
        _ => return None,
    };
    Some(filter)
}
