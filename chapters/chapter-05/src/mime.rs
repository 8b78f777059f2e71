//! The MIME table: a file's extension to its `Content-Type`.
//!
//! The seed kept six types in a Lua table; a browser needs a few more (SVG,
//! JavaScript, JPEG, ICO) to render an ordinary page. Unknown extensions get
//! `application/octet-stream`, which browsers download rather than render:
//! the safe default (RFC 9110 §8.3).
//!
//! Layout: [`TYPES`], [`for_path`].

use std::path::Path;

/// Known extensions (lower case) and their types.
pub const TYPES: &[(&str, &str)] = &[
    ("css", "text/css"),
    ("gif", "image/gif"),
    ("htm", "text/html; charset=utf-8"),
    ("html", "text/html; charset=utf-8"),
    ("ico", "image/x-icon"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("js", "text/javascript"),
    ("json", "application/json"),
    ("png", "image/png"),
    ("svg", "image/svg+xml"),
    ("txt", "text/plain; charset=utf-8"),
];

/// The type for `path` by its extension, case-insensitively.
pub fn for_path(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map_or("application/octet-stream", |(_, t)| t)
}
