//! A directory listing as an HTML page (000's "add directory listing").
//!
//! Names are escaped for HTML and percent-encoded in links, so a file named
//! `<script>` or `a b#c` is shown as text and linked correctly. Entries are
//! sorted, directories marked with a trailing `/`.
//!
//! Layout: [`entries`], [`html`], [`escape_html`], [`encode_segment`].

use std::io;
use std::path::Path;

/// The sorted names in `dir`, directories with a trailing `/`.
pub fn entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    Ok(names)
}

/// An HTML page listing `names` under the heading `title`.
pub fn html(title: &str, names: &[String]) -> String {
    let title = escape_html(title);
    let mut page = format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Index of {title}</title></head>\n<body>\n<h1>Index of {title}</h1>\n<ul>\n"
    );
    for name in names {
        let (stem, slash) = match name.strip_suffix('/') {
            Some(stem) => (stem, "/"),
            None => (name.as_str(), ""),
        };
        page.push_str(&format!(
            "<li><a href=\"{}{slash}\">{}{slash}</a></li>\n",
            encode_segment(stem),
            escape_html(stem)
        ));
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    page
}

/// `text` with `& < > " '` replaced by entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One path segment percent-encoded: unreserved bytes (RFC 3986 §2.3) stay.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for &b in segment.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_as_text_and_linked_by_their_bytes() {
        let page = html("/<x>/", &["<script>".into(), "a b#c".into(), "d/".into()]);
        assert!(
            page.contains("<title>Index of /&lt;x&gt;/</title>"),
            "{page}"
        );
        assert!(
            page.contains("<li><a href=\"%3Cscript%3E\">&lt;script&gt;</a></li>"),
            "{page}"
        );
        assert!(page.contains("<a href=\"a%20b%23c\">a b#c</a>"), "{page}");
        assert!(page.contains("<a href=\"d/\">d/</a>"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }
}
