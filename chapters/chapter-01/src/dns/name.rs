//! Domain names on the wire: labels, lengths, and compression pointers.
//!
//! `www.example.org` travels as `3 www 7 example 3 org 0`: each label is
//! prefixed by its length (at most 63, RFC 1035 §2.3.4), and the zero-length
//! root label ends the name, which is at most 255 bytes in all. A length byte
//! whose top two bits are `11` is instead the first half of a 14-bit pointer
//! to where the rest of the name was already written (§4.1.4).
//!
//! Pointers are where hostile packets attack parsers: a pointer to itself,
//! two pointers to each other, or one past the end. [`read_name`] only
//! follows a pointer that goes strictly below every place it has jumped to
//! before, so it always ends, and it checks every index before using it.
//!
//! Text form: labels joined with `.`, no final dot (the root is `""`). A
//! byte that is not printable ASCII, or is `.` or `\` inside a label, is
//! written `\DDD` (decimal, as in zone files and `dig`), so any name on the
//! wire has a text form that [`encode_name`] turns back into the same bytes.
//!
//! Layout: [`encode_name`], [`read_name`], and their label helpers.

use super::WireError;

/// Longest label (RFC 1035 §2.3.4).
pub const MAX_LABEL: usize = 63;
/// Longest name on the wire, length bytes and final zero included.
pub const MAX_NAME: usize = 255;

// ANCHOR: encode_name
/// Appends `name` in wire form (no compression) to `out`.
///
/// A final dot is allowed (`example.org.`); `""` and `"."` are the root.
/// Errors: an empty or over-long label, or a name over 255 bytes.
pub fn encode_name(name: &str, out: &mut Vec<u8>) -> Result<(), WireError> {
    let name = name.strip_suffix('.').unwrap_or(name);
    let start = out.len();
    if !name.is_empty() {
        for label in split_labels(name) {
            let bytes = unescape_label(label);
            if bytes.is_empty() || bytes.len() > MAX_LABEL {
                return Err(WireError::BadLabelText(label.to_string()));
            }
            out.push(bytes.len() as u8);
            out.extend_from_slice(&bytes);
        }
    }
    out.push(0);
    if out.len() - start > MAX_NAME {
        out.truncate(start);
        return Err(WireError::NameTooLong);
    }
    Ok(())
}
// ANCHOR_END: encode_name

/// Splits at dots that are not escaped with `\`.
fn split_labels(name: &str) -> Vec<&str> {
    let bytes = name.as_bytes();
    let (mut labels, mut start, mut i) = (Vec::new(), 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'.' => {
                labels.push(&name[start..i]);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    labels.push(&name[start.min(name.len())..]);
    labels
}

/// A label's bytes from its text: `\DDD` is a decimal byte, `\X` is X.
fn unescape_label(label: &str) -> Vec<u8> {
    let bytes = label.as_bytes();
    let (mut out, mut i) = (Vec::with_capacity(bytes.len()), 0);
    while i < bytes.len() {
        let digits = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(u8::is_ascii_digit));
        match (bytes[i], digits) {
            (b'\\', Some(d)) => {
                let n = d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
                out.push(n.min(255) as u8);
                i += 4;
            }
            (b'\\', None) if i + 1 < bytes.len() => {
                out.push(bytes[i + 1]);
                i += 2;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Appends a label's text form to `text`.
fn push_label_text(label: &[u8], text: &mut String) {
    if !text.is_empty() {
        text.push('.');
    }
    for &b in label {
        if b.is_ascii_graphic() && b != b'.' && b != b'\\' {
            text.push(b as char);
        } else {
            text.push_str(&format!("\\{b:03}"));
        }
    }
}

// ANCHOR: read_name
/// Reads the name at `offset` in `msg`, following compression pointers.
/// Returns the name's text and the offset just after it *where it started*
/// (after the first pointer, if any: the rest lives elsewhere).
pub fn read_name(msg: &[u8], offset: usize) -> Result<(String, usize), WireError> {
    let mut text = String::new();
    let (mut pos, mut end, mut limit) = (offset, None, offset);
    let mut wire_len = 1; // the final zero byte
    loop {
        let len = *msg.get(pos).ok_or(WireError::Truncated(msg.len()))?;
        match len >> 6 {
            0b00 if len == 0 => return Ok((text, end.unwrap_or(pos + 1))),
            0b00 => {
                let label = msg
                    .get(pos + 1..pos + 1 + len as usize)
                    .ok_or(WireError::Truncated(msg.len()))?;
                wire_len += 1 + label.len();
                if wire_len > MAX_NAME {
                    return Err(WireError::NameTooLong);
                }
                push_label_text(label, &mut text);
                pos += 1 + label.len();
            }
            0b11 => {
                let low = *msg.get(pos + 1).ok_or(WireError::Truncated(msg.len()))?;
                let to = (usize::from(len & 0x3f) << 8) | usize::from(low);
                // Strictly below every earlier jump target: each jump lowers
                // `limit`, so a chain of pointers cannot go round forever.
                if to >= limit {
                    return Err(WireError::PointerLoop { at: pos, to });
                }
                end.get_or_insert(pos + 2);
                (pos, limit) = (to, to);
            }
            _ => return Err(WireError::BadLabel(pos)),
        }
    }
}
// ANCHOR_END: read_name
