//! Reading a message's headers on the receiving side (RFC 5322, RFC 2047).
//!
//! A header field may be *folded* over several lines: a line that starts
//! with a space or a tab continues the field before it (RFC 5322 §2.2.3).
//! Unfolding removes the line breaks and keeps the white space. Non-ASCII
//! text arrives as *encoded words*, `=?charset?B?base64?=` or
//! `=?charset?Q?quoted?=` (RFC 2047), which a reader decodes for display;
//! white space between two adjacent encoded words is dropped (§6.2).
//! The header block ends at the first empty line; the body follows it.
//!
//! Layout: [`Header`], [`parse`], [`get`], [`decode_words`],
//! [`split_message`], [`MAX_HEADERS`].

use chapter_06::ltn12::transform;
use chapter_06::mime::Base64Decoder;

/// Most header fields kept from one message (a cap against junk).
pub const MAX_HEADERS: usize = 1000;

/// One header field, unfolded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The field name as written (compare it case-insensitively).
    pub name: String,
    /// The value, unfolded, leading white space removed, still encoded.
    pub value: String,
}

// ANCHOR: split
/// Splits a message at the first empty line: (headers with the empty
/// line, body). A message without an empty line is all headers.
pub fn split_message(msg: &[u8]) -> (&[u8], &[u8]) {
    let mut start = 0;
    // Bounded: each pass moves past one line.
    while start < msg.len() {
        let end = msg[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(msg.len(), |i| start + i + 1);
        let line = &msg[start..end];
        if line == b"\r\n" || line == b"\n" {
            return (&msg[..end], &msg[end..]);
        }
        start = end;
    }
    (msg, &[])
}
// ANCHOR_END: split

// ANCHOR: parse
/// The header fields of `block` (stops at the first empty line), unfolded.
/// Lines that are neither a field nor a continuation are skipped.
pub fn parse(block: &[u8]) -> Vec<Header> {
    let (head, _) = split_message(block);
    let text = String::from_utf8_lossy(head);
    let mut out: Vec<Header> = Vec::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            // A continuation: the line break goes, the white space stays.
            if let Some(last) = out.last_mut() {
                last.value.push_str(line);
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name_ok = !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b));
        if name_ok && out.len() < MAX_HEADERS {
            out.push(Header {
                name: name.to_string(),
                value: value.trim_start().to_string(),
            });
        }
    }
    out
}
// ANCHOR_END: parse

// ANCHOR: get
/// The first field called `name` (case-insensitive), decoded for display:
/// an encoded word may carry any bytes, a CR or a terminal escape among
/// them, so control characters are replaced after decoding.
pub fn get(headers: &[Header], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| chapter_02::shown::printable(&decode_words(h.value.trim_end())))
}
// ANCHOR_END: get

// ANCHOR: decode_words
/// `value` with its encoded words decoded. A word that cannot be decoded
/// (unknown charset or encoding, bad base64) stays as it is.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending_space = String::new();
    let mut after_word = false;
    for piece in split_keeping_space(value) {
        // A run of spaces and tabs; any other run is text, even one that
        // `trim` would empty (a CR, U+3000): it must not replace the run
        // of spaces kept before it.
        if piece.starts_with([' ', '\t']) {
            pending_space = piece.to_string();
            continue;
        }
        match decode_word(piece) {
            Some(text) => {
                // RFC 2047 §6.2: space between two encoded words is ignored.
                if !after_word {
                    out.push_str(&pending_space);
                }
                out.push_str(&text);
                after_word = true;
            }
            None => {
                out.push_str(&pending_space);
                out.push_str(piece);
                after_word = false;
            }
        }
        pending_space.clear();
    }
    out.push_str(&pending_space);
    out
}
// ANCHOR_END: decode_words

/// Splits into alternating runs of white space and of other characters.
fn split_keeping_space(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is_space = c == ' ' || c == '\t';
        if space.is_some_and(|sp| sp != is_space) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Decodes one `=?charset?enc?text?=` word.
fn decode_word(word: &str) -> Option<String> {
    let inner = word.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (charset, enc, text) = (parts.next()?, parts.next()?, parts.next()?);
    // RFC 2231 allows a language after `*`: `UTF-8*en`.
    let charset = charset.split('*').next()?.to_ascii_lowercase();
    let bytes = match enc {
        "B" | "b" => transform(text.as_bytes(), Base64Decoder::new()).ok()?,
        "Q" | "q" => q_decode(text)?,
        _ => return None,
    };
    match charset.as_str() {
        "utf-8" | "us-ascii" => String::from_utf8(bytes).ok(),
        // Latin-1 bytes are the first 256 code points.
        "iso-8859-1" | "latin1" => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// The Q encoding (RFC 2047 §4.2): `_` is a space, `=XX` a byte.
fn q_decode(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoded_control_character_is_never_shown() {
        let fields = parse(b"Subject: =?UTF-8?Q?hi=0Dbye_=1B[2J?=\r\n\r\n");
        assert_eq!(
            get(&fields, "subject").as_deref(),
            Some("hi\u{FFFD}bye \u{FFFD}[2J")
        );
    }
}
