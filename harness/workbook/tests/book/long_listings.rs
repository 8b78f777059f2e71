//! The rule that a long listing is discussed (issue #21): a listing of more
//! than [`LONG`] lines is followed by prose, not by the next heading, the
//! next listing or the end of the page. A reader handed 60 lines of code
//! with nothing after them is left to work out alone what matters in them.
//!
//! A listing is a `rust` block whose only line includes a file or an anchor
//! of one (as in `listings.rs`); its length is that of the included lines.
//! Exercise stubs (`fixtures/stubs/…`) are exempt: the text before them says
//! what to write, and the stub is the learner's to fill.
//!
//! # Layout
//! [`check`] walks the pages; `included_lines` measures one include.

use std::path::Path;

/// Longer than this, a listing needs discussion after it.
pub const LONG: usize = 25;

/// Every long listing not followed by prose, as `page:line: what`.
pub fn check(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let dir = entry.path().parent().unwrap();
        for i in 0..lines.len() {
            let is_rust = lines[i]
                .trim_start()
                .strip_prefix("```")
                .is_some_and(|info| info.split(',').next() == Some("rust"));
            if !is_rust || lines.get(i + 2).map(|l| l.trim()) != Some("```") {
                continue;
            }
            let Some(target) = lines[i + 1]
                .trim()
                .strip_prefix("{{#include ")
                .and_then(|t| t.strip_suffix("}}"))
            else {
                continue;
            };
            if target.contains("fixtures/stubs/") {
                continue;
            }
            let n = included_lines(dir, target);
            if n <= LONG {
                continue;
            }
            let next = lines[i + 3..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            let prose = next.is_some_and(|l| {
                !(l.starts_with("```")
                    || l.starts_with('#')
                    || l.starts_with('<')
                    || l.starts_with('|'))
            });
            if !prose {
                let page = entry.path().strip_prefix(src).unwrap().display();
                problems.push(format!(
                    "{page}:{}: a {n}-line listing ({target}) is followed by {}",
                    i + 1,
                    next.map_or("the end of the page".to_string(), |l| format!("{l:?}"))
                ));
            }
        }
    }
    problems
}

/// How many lines `target` (`path` or `path:anchor`, relative to `dir`)
/// includes; 0 when it cannot be read (the build reports that).
fn included_lines(dir: &Path, target: &str) -> usize {
    let (path, anchor) = match target.split_once(':') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let Ok(text) = std::fs::read_to_string(dir.join(path)) else {
        return 0;
    };
    match anchor {
        Some(a) if !a.starts_with(|c: char| c.is_ascii_digit()) => {
            let start = format!("ANCHOR: {a}");
            let end = format!("ANCHOR_END: {a}");
            text.lines()
                .skip_while(|l| !l.trim_start().trim_start_matches('/').trim().eq(&start))
                .skip(1)
                .take_while(|l| !l.trim_start().trim_start_matches('/').trim().eq(&end))
                .count()
        }
        _ => text.lines().count(),
    }
}
