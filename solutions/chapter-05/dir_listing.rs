//! Exercise: a directory listing.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

use std::io;
use std::path::Path;

/// The names in `dir`, sorted, each directory with a trailing `/`.
pub fn list_dir(dir: &Path) -> io::Result<Vec<String>> {
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

/// One `<li><a href="LINK">TEXT</a></li>` line per name: LINK percent-encoded
/// (all but `A-Za-z0-9-._~` and a final `/`), TEXT HTML-escaped.
pub fn listing_items(names: &[String]) -> String {
    let mut out = String::new();
    for name in names {
        let (stem, slash) = match name.strip_suffix('/') {
            Some(stem) => (stem, "/"),
            None => (name.as_str(), ""),
        };
        let link: String = stem
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect();
        let text = stem
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        out.push_str(&format!(
            "<li><a href=\"{link}{slash}\">{text}{slash}</a></li>\n"
        ));
    }
    out
}
