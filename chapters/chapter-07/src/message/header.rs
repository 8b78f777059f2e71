//! Header lines: folding long ones (RFC 5322 §2.2.3) and encoding non-ASCII
//! text as encoded words (RFC 2047).
//!
//! A header line SHOULD stay within 78 characters and MUST stay within 998
//! (RFC 5322 §2.1.1). A long value is *folded*: a CRLF is inserted before a
//! space, and the reader removes it again (unfolding). Headers are 7-bit
//! ASCII, so a name such as "Titania Æ" travels as `=?UTF-8?B?…?=` words
//! that mail readers decode for display.
//!
//! Layout: [`fold`], [`encode_words`], [`needs_encoding`].

use chapter_06::ltn12::transform;
use chapter_06::mime::Base64Encoder;

/// Preferred longest header line, without its CRLF (RFC 5322 §2.1.1).
pub const FOLD_AT: usize = 78;
/// Longest encoded word (RFC 2047 §2).
pub const MAX_ENCODED_WORD: usize = 75;
/// Most UTF-8 bytes in one encoded word: 60 base64 symbols = 45 bytes, and
/// `=?UTF-8?B?` + `?=` + 60 = 72 ≤ 75.
const WORD_BYTES: usize = 45;

// ANCHOR: fold
/// The header line `name: value` folded before spaces so that every line
/// fits in [`FOLD_AT`] characters where possible, ending in CRLF.
///
/// A word that does not fit goes to the next line, even the first one (the
/// space after the colon may be a fold too); a word longer than a line sits
/// alone on its line, since a header may only be folded at white space.
/// Runs of white space in `value` become one space.
pub fn fold(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut column = out.len();
    for word in value.split_whitespace() {
        // Column 0 means a fold just happened: a longer word cannot be helped.
        if column + 1 + word.len() > FOLD_AT && column > 0 {
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
// ANCHOR_END: fold

/// True when `text` cannot go into a header as it is: a byte outside
/// printable ASCII, or something that looks like an encoded word already.
pub fn needs_encoding(text: &str) -> bool {
    text.bytes().any(|b| !(b' '..=b'~').contains(&b)) || text.contains("=?")
}

// ANCHOR: encode_words
/// `text` as it may appear in a header: unchanged if it is printable ASCII,
/// else as base64 encoded words (`=?UTF-8?B?…?=`) separated by spaces.
///
/// Each word holds whole characters (RFC 2047 §5 forbids splitting one) and
/// is at most [`MAX_ENCODED_WORD`] long, so [`fold`] can break between them;
/// readers drop the space between two adjacent encoded words.
pub fn encode_words(text: &str) -> String {
    if !needs_encoding(text) {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        if next - start > WORD_BYTES {
            words.push(encoded_word(&text[start..end]));
            start = end;
        }
        end = next;
    }
    words.push(encoded_word(&text[start..end]));
    words.join(" ")
}
// ANCHOR_END: encode_words

fn encoded_word(text: &str) -> String {
    let b64 = transform(text.as_bytes(), Base64Encoder::new()).expect("encoding cannot fail");
    format!("=?UTF-8?B?{}?=", String::from_utf8_lossy(&b64))
}
