//! MIME bodies (RFC 2045, RFC 2046): a text part in UTF-8 sent as 7bit,
//! 8bit or quoted-printable, and `multipart/mixed` with base64 attachments.
//!
//! The encodings are chapter 6's filters: [`qp_text_encoder`] for
//! quoted-printable and [`Base64Encoder`] wrapped at 76 columns for
//! attachments. A body line may not exceed 998 characters (RFC 5322 §2.1.1),
//! so 8bit text with a longer line falls back to quoted-printable.
//!
//! Layout: [`TextEncoding`], [`TextPart`], [`Attachment`], [`Body`].

use chapter_06::ltn12::{Chain, transform};
use chapter_06::mime::{Base64Encoder, Normalize, Wrap, qp_text_encoder};

/// Longest body line, without its CRLF (RFC 5322 §2.1.1, RFC 2045 §2.8).
pub const MAX_BODY_LINE: usize = 998;

/// How a text part may travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// Raw UTF-8 (`8bit`): readable, but needs a server with 8BITMIME
    /// (RFC 6152). Plain ASCII text is sent as `7bit` either way.
    #[default]
    EightBit,
    /// Quoted-printable: 7-bit safe everywhere, ASCII stays readable.
    QuotedPrintable,
}

/// A `text/plain; charset=utf-8` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    /// The text (any line ends; they become CRLF).
    pub text: String,
    /// The preferred encoding for non-ASCII text.
    pub encoding: TextEncoding,
}

/// A file attached to a message, sent in base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown to the reader (ASCII recommended).
    pub filename: String,
    /// Its media type, such as `application/octet-stream`.
    pub content_type: String,
    /// The bytes.
    pub data: Vec<u8>,
}

/// A message body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// One text part.
    Text(TextPart),
    /// A text part followed by attachments (`multipart/mixed`), with the
    /// boundary string that separates them.
    Mixed {
        /// The first, readable part.
        text: TextPart,
        /// The attached files.
        attachments: Vec<Attachment>,
        /// The boundary; it must occur in no part.
        boundary: String,
    },
}

/// The `Content-Transfer-Encoding` a text part gets, and its encoded bytes.
pub fn encode_text(part: &TextPart) -> (&'static str, Vec<u8>) {
    let normalized = transform(part.text.as_bytes(), Normalize::default()).expect("infallible");
    let long = normalized
        .split(|&b| b == b'\n')
        .any(|l| l.len() > MAX_BODY_LINE + 1);
    let ascii = normalized.is_ascii();
    match (ascii, part.encoding, long) {
        (true, _, false) => ("7bit", normalized),
        (false, TextEncoding::EightBit, false) => ("8bit", normalized),
        _ => (
            "quoted-printable",
            transform(part.text.as_bytes(), qp_text_encoder()).expect("infallible"),
        ),
    }
}

/// The content type of a text part, with the narrowest true charset.
fn text_type(part: &TextPart) -> &'static str {
    if part.text.is_ascii() {
        "text/plain; charset=us-ascii"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// Appends a text part's MIME headers, a blank line and its content.
fn write_text(part: &TextPart, out: &mut Vec<u8>) {
    let (cte, bytes) = encode_text(part);
    out.extend_from_slice(format!("Content-Type: {}\r\n", text_type(part)).as_bytes());
    out.extend_from_slice(format!("Content-Transfer-Encoding: {cte}\r\n\r\n").as_bytes());
    out.extend_from_slice(&bytes);
    if !bytes.is_empty() && !bytes.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
}

// ANCHOR: attachment
/// Appends an attachment's MIME headers and its base64 lines (76 columns).
fn write_attachment(a: &Attachment, out: &mut Vec<u8>) {
    let name = a.filename.replace(['"', '\\', '\r', '\n'], "_");
    out.extend_from_slice(
        format!("Content-Type: {}; name=\"{name}\"\r\n", a.content_type).as_bytes(),
    );
    out.extend_from_slice(b"Content-Transfer-Encoding: base64\r\n");
    out.extend_from_slice(
        format!("Content-Disposition: attachment; filename=\"{name}\"\r\n\r\n").as_bytes(),
    );
    let chain = Chain::new().then(Base64Encoder::new()).then(Wrap::new(76));
    out.extend_from_slice(&transform(&a.data, chain).expect("encoding cannot fail"));
}
// ANCHOR_END: attachment

impl Body {
    /// Whether the body carries raw 8-bit text (the server must offer 8BITMIME).
    pub fn is_8bit(&self) -> bool {
        let text = match self {
            Body::Text(t) | Body::Mixed { text: t, .. } => t,
        };
        encode_text(text).0 == "8bit"
    }

    /// Appends the body's MIME headers (`MIME-Version` included), the blank
    /// line that ends the header section, and the content.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"MIME-Version: 1.0\r\n");
        match self {
            Body::Text(part) => write_text(part, out),
            Body::Mixed {
                text,
                attachments,
                boundary,
            } => {
                let ct = format!("Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n");
                out.extend_from_slice(ct.as_bytes());
                out.extend_from_slice(b"This is a message in MIME format.\r\n");
                out.extend_from_slice(format!("\r\n--{boundary}\r\n").as_bytes());
                write_text(text, out);
                for a in attachments {
                    out.extend_from_slice(format!("\r\n--{boundary}\r\n").as_bytes());
                    write_attachment(a, out);
                }
                out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
            }
        }
    }
}
