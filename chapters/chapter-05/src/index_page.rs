//! The index page that `env_page` writes: the seed listed the functions of
//! Lua's libraries; ours lists the workbook's chapters and their programs,
//! read from `chapters/*/Cargo.toml` (the description) and `src/bin/*.rs`.
//!
//! Layout: [`Chapter`], [`scan`], [`html`].

use std::io;
use std::path::Path;

use crate::listing::escape_html;

/// One chapter crate: its name, its description and its programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The crate name (`chapter-05`).
    pub name: String,
    /// The `description` of its Cargo.toml.
    pub description: String,
    /// The names of its binaries, sorted.
    pub programs: Vec<String>,
}

/// The chapters under `chapters_dir`, sorted by name.
pub fn scan(chapters_dir: &Path) -> io::Result<Vec<Chapter>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(chapters_dir)? {
        let dir = entry?.path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let description = manifest
            .lines()
            .find_map(|l| l.trim().strip_prefix("description"))
            .and_then(|rest| rest.split('"').nth(1))
            .unwrap_or("")
            .to_string();
        let mut programs: Vec<String> = match std::fs::read_dir(dir.join("src/bin")) {
            Ok(entries) => entries
                .filter_map(|e| {
                    e.ok()?
                        .path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        programs.sort();
        out.push(Chapter {
            name,
            description,
            programs,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The page: a heading per chapter and its programs as a list.
pub fn html(chapters: &[Chapter]) -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>The workbook's chapters</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<h1>The workbook's chapters</h1>\n",
    );
    for chapter in chapters {
        page += &format!(
            "<h2>{}</h2>\n<p>{}</p>\n",
            escape_html(&chapter.name),
            escape_html(&chapter.description)
        );
        if chapter.programs.is_empty() {
            page += "<p>(no programs yet)</p>\n";
            continue;
        }
        page += "<ul>\n";
        for program in &chapter.programs {
            page += &format!("<li><code>{}</code></li>\n", escape_html(program));
        }
        page += "</ul>\n";
    }
    page += "</body>\n</html>\n";
    page
}
