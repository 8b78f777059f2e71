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
    // TODO: the RFC's loop: while the input is not empty, apply the first
    // rule that matches (A: drop a leading "../" or "./"; B: "/./" or "/."
    // becomes "/"; C: "/../" or "/.." becomes "/" and drops the output's
    // last segment; D: drop a lone "." or ".."; E: move the first segment,
    // with its leading "/", to the output).
    let _ = path;
    todo!()
}

/// The absolute form of `relative` against `base`:
/// `absolute("http://a/b/c/d;p?q", "../g")` is `"http://a/b/g"`.
pub fn absolute(base: &str, relative: &str) -> String {
    // TODO: split both; then, as §5.2.2 says: a reference with a scheme is
    // kept (dots removed); with an authority it takes the base's scheme; an
    // empty path takes the base's path (and its query if it has none); a
    // path starting with "/" replaces the base's; any other path is merged
    // onto the base's directory (everything up to its last "/", or "/" when
    // the base has an authority and an empty path). The fragment is always
    // the reference's.
    let _ = (base, relative);
    todo!()
}
// ANCHOR_END: stub
