//! SASL PLAIN and LOGIN (RFC 4954, RFC 4616) and the base64 they travel
//! in (RFC 4648 §4): decoding what a client sends (the SMTP peer's AUTH,
//! the room's HTTP Basic credentials) and encoding what a test client
//! sends. The harness keeps its own codec rather than a chapter's, since it
//! is the oracle for chapter 6's and chapter 7's.
//!
//! # Layout
//! [`decode_base64`], [`encode_base64`], [`parse_plain`],
//! [`plain_response`], the LOGIN challenges [`LOGIN_USER`], [`LOGIN_PASS`].

/// `Username:` in base64, the first AUTH LOGIN challenge.
pub const LOGIN_USER: &str = "VXNlcm5hbWU6";
/// `Password:` in base64, the second AUTH LOGIN challenge.
pub const LOGIN_PASS: &str = "UGFzc3dvcmQ6";

/// Decodes standard base64 (RFC 4648 §4, padding optional); `None` if
/// `text` holds anything else.
pub fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let data = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for group in data.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..group.len()]);
    }
    Some(out)
}

/// The user and password of a PLAIN response (`authzid\0user\0password`,
/// base64-encoded); `None` if it is malformed.
pub fn parse_plain(response: &[u8]) -> Option<(String, String)> {
    let blob = decode_base64(response)?;
    let mut parts = blob.split(|&b| b == 0);
    let (_authzid, user, pass) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let s = |b: &[u8]| String::from_utf8(b.to_vec()).ok();
    Some((s(user)?, s(pass)?))
}

/// Encodes `data` as standard base64 with padding (RFC 4648 §4): what a
/// client sends in AUTH, and HTTP Basic credentials.
pub fn encode_base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for group in data.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in group.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The PLAIN response a client sends for `user`/`password` (no authzid).
pub fn plain_response(user: &str, password: &str) -> String {
    encode_base64(format!("\0{user}\0{password}").as_bytes())
}
