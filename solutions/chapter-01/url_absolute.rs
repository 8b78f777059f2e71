//! Reference solution for exercise `url_absolute` (chapter 1).
//!
//! RFC 3986 §5.2: choose each part of the target from the reference or the
//! base, merge relative paths onto the base's directory, and remove dot
//! segments with the RFC's input-buffer loop.
//!
//! Layout: [`remove_dot_segments`], [`absolute`].

use crate::url::absolute::Reference;

/// Removes `.` and `..` segments (RFC 3986 §5.2.4).
pub fn remove_dot_segments(path: &str) -> String {
    let mut input = path.to_string();
    let mut out = String::new();
    // Every rule removes at least one byte from `input`, so this ends.
    while !input.is_empty() {
        if input.starts_with("../") {
            input.drain(..3);
        } else if input.starts_with("./") || input.starts_with("/./") {
            input.drain(..2);
        } else if input == "/." {
            input = "/".into();
        } else if input.starts_with("/../") || input == "/.." {
            // "/../g" -> "/g" and "/.." -> "/", dropping the output's last segment.
            if input == "/.." {
                input = "/".into();
            } else {
                input.drain(..3);
            }
            out.truncate(out.rfind('/').unwrap_or(0));
        } else if input == "." || input == ".." {
            input.clear();
        } else {
            let from = usize::from(input.starts_with('/'));
            let end = input[from..].find('/').map_or(input.len(), |i| i + from);
            out.extend(input.drain(..end));
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
