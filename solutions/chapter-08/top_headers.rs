//! Exercise: reading the header block TOP returns, with unfolding
//! (RFC 5322 §2.2.3).
//!
//! The seed kept only the first line of each header; a folded header goes
//! on over lines that start with a space or a tab, and those belong to it.

/// The fields of `block` as (name in lower case, unfolded value): stop at
/// the first empty line; a line starting with a space or tab continues the
/// previous field (drop the line break, keep the white space); the value
/// loses the white space after the colon and at its end; lines that are
/// neither are skipped.
pub fn unfold_headers(block: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(block);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = out.last_mut() {
                value.push_str(line);
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':')
            && !name.is_empty()
            && !name.contains([' ', '\t'])
        {
            out.push((name.to_ascii_lowercase(), value.trim_start().to_string()));
        }
    }
    for (_, value) in &mut out {
        let trimmed = value.trim_end().len();
        value.truncate(trimmed);
    }
    out
}
