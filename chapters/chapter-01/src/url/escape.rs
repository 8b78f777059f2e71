//! Escaping, and paths as lists of segments (LuaSocket's `url.escape`,
//! `url.unescape`, `url.parse_path`, `url.build_path`).
//!
//! A URL can only carry some bytes as themselves; any other byte travels as
//! `%` and two hex digits (RFC 3986 §2.1). [`escape`] is LuaSocket's blunt
//! version: everything but letters, digits and `_` is escaped (lower-case
//! hex, as LuaSocket writes it). [`build_path`] is gentler: inside a path
//! segment it keeps the characters RFC 3986 allows there (`pchar`, §3.3),
//! escaping the rest in upper case, so `/` inside a segment cannot be
//! mistaken for a separator.
//!
//! Layout: [`escape`], [`unescape`], [`unescape_bytes`], [`Path`],
//! [`parse_path`], [`build_path`].

/// Escapes every byte that is not an ASCII letter, digit or `_`.
pub fn escape(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s {
        if b.is_ascii_alphanumeric() || b == b'_' {
            out.push(b as char);
        } else {
            push_escaped(&mut out, b, b"0123456789abcdef");
        }
    }
    out
}

/// Appends `%` and `b`'s two hex digits (from `digits`, lower or upper
/// case), without making a string per byte.
fn push_escaped(out: &mut String, b: u8, digits: &[u8; 16]) {
    out.push('%');
    out.push(char::from(digits[usize::from(b >> 4)]));
    out.push(char::from(digits[usize::from(b & 0xf)]));
}

/// Decodes every `%XX` (two hex digits, either case); anything else,
/// including a `%` not followed by two hex digits, stays as it is.
pub fn unescape_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let (mut out, mut i) = (Vec::with_capacity(b.len()), 0);
    while i < b.len() {
        // Only a `%` starts an escape: look for digits after it alone.
        let hex = (b[i] == b'%')
            .then(|| b.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit())) {
            Some(h) => {
                out.push(u8::from_str_radix(h, 16).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    out
}

/// [`unescape_bytes`] as text (bytes that are not UTF-8 become U+FFFD).
pub fn unescape(s: &str) -> String {
    String::from_utf8_lossy(&unescape_bytes(s)).into_owned()
}

/// A path as its segments (LuaSocket's `parse_path` table).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path {
    /// The non-empty segments, unescaped.
    pub segments: Vec<Vec<u8>>,
    /// The path starts with `/`.
    pub is_absolute: bool,
    /// The path ends with `/`.
    pub is_directory: bool,
}

/// Splits a path into unescaped segments (empty segments are dropped, as
/// LuaSocket's `([^/]+)` pattern does).
pub fn parse_path(path: &str) -> Path {
    Path {
        segments: path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(unescape_bytes)
            .collect(),
        is_absolute: path.starts_with('/'),
        is_directory: path.ends_with('/'),
    }
}

/// The bytes a path segment may hold as themselves (RFC 3986 `pchar`
/// without `%`, and without `;` and `/`, which LuaSocket also escapes).
fn segment_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.!~*'():@&=+$,".contains(&b)
}

/// Joins segments into a path. Unless `unsafe_segments`, each segment is
/// escaped so that it stays one segment.
pub fn build_path(path: &Path, unsafe_segments: bool) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|seg| {
            if unsafe_segments {
                return String::from_utf8_lossy(seg).into_owned();
            }
            let mut out = String::with_capacity(seg.len());
            for &b in seg {
                match segment_safe(b) {
                    true => out.push(char::from(b)),
                    false => push_escaped(&mut out, b, b"0123456789ABCDEF"),
                }
            }
            out
        })
        .collect();
    let mut out = segments.join("/");
    if path.is_directory && !path.segments.is_empty() {
        out.push('/');
    }
    if path.is_absolute {
        out.insert(0, '/');
    }
    out
}
