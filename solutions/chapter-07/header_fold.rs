//! Solution: header folding (RFC 5322 §2.2.3) and encoded words (RFC 2047).

pub use crate::smtp::auth::base64;

/// The longest line `fold` makes, CRLF not counted.
pub const LIMIT: usize = 78;

/// The folded header line `name: value\r\n`.
pub fn fold(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut column = out.len();
    for word in value.split_whitespace() {
        // Column 0: we just folded, and a longer word cannot be helped.
        if column > 0 && column + 1 + word.len() > LIMIT {
            out.push_str("\r\n");
            column = 0;
        }
        out.push(' ');
        out.push_str(word);
        column += 1 + word.len();
    }
    out.push_str("\r\n");
    out
}

/// `text` as header-safe ASCII.
pub fn encode_word(text: &str) -> String {
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b)) && !text.contains("=?");
    if plain {
        return text.to_string();
    }
    // 12 characters of wrapping leave 63 for base64: 15 groups = 45 bytes.
    const MAX_BYTES: usize = 45;
    let mut words = Vec::new();
    let mut piece = String::new();
    for c in text.chars() {
        if piece.len() + c.len_utf8() > MAX_BYTES {
            words.push(format!("=?UTF-8?B?{}?=", base64(piece.as_bytes())));
            piece.clear();
        }
        piece.push(c);
    }
    words.push(format!("=?UTF-8?B?{}?=", base64(piece.as_bytes())));
    words.join(" ")
}
