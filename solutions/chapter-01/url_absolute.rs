//! Reference solution for exercise `url_absolute` (chapter 1).
//!
//! RFC 3986 §5.2: choose each part of the target from the reference or the
//! base, merge relative paths onto the base's directory, and remove dot
//! segments with the RFC's input-buffer loop.
//!
//! Layout: [`remove_dot_segments`], [`absolute`].

use crate::url::absolute::Reference;

/// Removes `.` and `..` segments (RFC 3986 §5.2.4).
///
/// The input buffer is a slice that moves forward: removing its first
/// bytes is free. (Draining a `String` from the front instead moves the
/// whole rest each time: quadratic, seconds for a long path.)
pub fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out = String::with_capacity(path.len());
    // Every rule removes at least one byte from `input`, so this ends.
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") || input == "/.." {
            // "/../g" -> "/g" and "/.." -> "/", dropping the output's last segment.
            input = if input == "/.." { "/" } else { &input[3..] };
            out.truncate(out.rfind('/').unwrap_or(0));
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let from = usize::from(input.starts_with('/'));
            let end = input[from..].find('/').map_or(input.len(), |i| i + from);
            out.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    out
}

/// The absolute form of `relative` against `base` (RFC 3986 §5.2.2).
pub fn absolute(base: &str, relative: &str) -> String {
    let (b, r) = (Reference::split(base), Reference::split(relative));
    let (scheme, authority, path, query);
    if r.scheme.is_some() {
        (scheme, authority) = (r.scheme, r.authority);
        (path, query) = (remove_dot_segments(r.path), r.query);
    } else if r.authority.is_some() {
        (scheme, authority) = (b.scheme, r.authority);
        (path, query) = (remove_dot_segments(r.path), r.query);
    } else {
        (scheme, authority) = (b.scheme, b.authority);
        if r.path.is_empty() {
            (path, query) = (b.path.to_string(), r.query.or(b.query));
        } else if r.path.starts_with('/') {
            (path, query) = (remove_dot_segments(r.path), r.query);
        } else {
            let dir = if b.authority.is_some() && b.path.is_empty() {
                "/"
            } else {
                b.path.rfind('/').map_or("", |i| &b.path[..=i])
            };
            (path, query) = (remove_dot_segments(&format!("{dir}{}", r.path)), r.query);
        }
    }
    Reference {
        scheme,
        authority,
        path: &path,
        query,
        fragment: r.fragment,
    }
    .join()
}
