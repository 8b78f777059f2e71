//! Exercise `url_absolute`: resolve a relative reference (RFC 3986 §5.2).
//!
//! Use [`Reference::split`] and [`Reference::join`] from the library for
//! the five parts; you write the dot-segment removal (§5.2.4) and the
//! choice of each part (§5.2.2, with the path merge of §5.2.3).
//!
//! Layout: [`remove_dot_segments`], [`absolute`].

#[allow(unused_imports)] // the stub does not use it yet; your solution will
use crate::url::absolute::Reference;

// ANCHOR: stub
/// Removes `.` and `..` segments (RFC 3986 §5.2.4):
/// `/a/b/c/./../../g` → `/a/g`, `mid/content=5/../6` → `mid/6`.
pub fn remove_dot_segments(path: &str) -> String {
    // TODO: return `path` with its dot segments removed, as RFC 3986
    // §5.2.4 specifies.
    let _ = path;
    todo!()
}

/// The absolute form of `relative` against `base`:
/// `absolute("http://a/b/c/d;p?q", "../g")` is `"http://a/b/g"`.
pub fn absolute(base: &str, relative: &str) -> String {
    // TODO: return the target URL of RFC 3986 §5.2.2, each of its parts
    // taken from the reference or from the base.
    let _ = (base, relative);
    todo!()
}
// ANCHOR_END: stub
