//! Exercise: reading the header block TOP returns, with unfolding
//! (RFC 5322 §2.2.3).
//!
//! The seed kept only the first line of each header; a folded header goes
//! on over lines that start with a space or a tab, and those belong to it.

// ANCHOR: stub
/// The fields of `block` as (name in lower case, unfolded value): stop at
/// the first empty line; a line starting with a space or tab continues the
/// previous field (drop the line break, keep the white space); the value
/// loses the white space after the colon and at its end; lines that are
/// neither are skipped.
pub fn unfold_headers(block: &[u8]) -> Vec<(String, String)> {
    // TODO: the fields as the doc comment describes them (a name is not
    // empty and holds no space or tab; lines end in LF or CRLF).
    let _ = block;
    todo!("unfold the header block")
}
// ANCHOR_END: stub
