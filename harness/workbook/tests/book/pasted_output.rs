//! The rule that keeps hand-pasted output out of the book (issue #21):
//! whatever a page shows as a program's output, a transcript or a failure
//! must come from a file that a test checks, so it changes when the
//! behaviour changes.
//!
//! In the Markdown sources, by the first word of a fenced block's info
//! string:
//! - `text`, `console`, `json` or none: shown output. Every non-blank line is
//!   an `{{#include …}}` or `{{#transcript …}}` directive, or, in `console`,
//!   a command (`$ …`).
//! - `sh`: commands only, written bare (no `$ ` prompt, which would make it a
//!   `console` block whose other lines are output).
//! - a `text` block marked `illustration` (```` ```text,illustration ````)
//!   is a hand-made example that no program prints (a URL taken apart, a
//!   directory tree, bytes drawn for a diagram); the attribute says so to
//!   the reviewer.
//! - a `text` block marked `generated` was written into a generated page
//!   by the program whose output it is, and a test regenerates the page and
//!   compares (the implementers' pages, `tests/implementers.rs`).
//! - any other language (`rust`, `toml`, `lua`, …) is source, not output.
//!
//! # Layout
//! [`check`] walks the pages; `blocks` finds fenced blocks; `block_problem`
//! applies the rule to one.

use std::path::Path;

/// One fenced block: where it starts, its info string and its lines.
struct Block<'a> {
    line: usize,
    info: &'a str,
    body: Vec<&'a str>,
}

/// Every violation of the rule under `src`, as `page:line: what`.
pub fn check(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let page = entry.path().strip_prefix(src).unwrap().display();
        for block in blocks(&text) {
            if let Some(what) = block_problem(&block) {
                problems.push(format!("{page}:{}: {what}", block.line));
            }
        }
    }
    problems
}

/// The fenced blocks of a page (fences may be indented, as in lists).
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut found = Vec::new();
    let mut open: Option<Block<'_>> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match (&mut open, trimmed.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    line: n + 1,
                    info: info.trim(),
                    body: Vec::new(),
                })
            }
            (Some(_), Some(rest)) if rest.trim().is_empty() => {
                found.extend(open.take());
            }
            (Some(block), _) => block.body.push(trimmed),
            (None, None) => {}
        }
    }
    found
}

fn block_problem(block: &Block<'_>) -> Option<String> {
    let mut words = block.info.split(',').map(str::trim);
    let language = words.next().unwrap_or("");
    let attributes: Vec<&str> = words.collect();
    let illustration = attributes.contains(&"illustration");
    let generated = attributes.contains(&"generated");
    let is_directive = |l: &str| {
        let l = l.trim();
        (l.starts_with("{{#include ") || l.starts_with("{{#transcript ")) && l.ends_with("}}")
    };
    match language {
        "text" if illustration || generated => None,
        "" | "text" | "console" | "json" => {
            let allowed = |l: &str| {
                l.trim().is_empty()
                    || is_directive(l)
                    || (language == "console" && l.starts_with("$ "))
            };
            let pasted = block.body.iter().find(|l| !allowed(l));
            pasted.map(|l| {
                format!(
                    "a `{language}` block shows {l:?}, which is not included from a checked file \
                     (commands belong in `sh` blocks; a hand-made example is `text,illustration`)"
                )
            })
        }
        "sh" => block
            .body
            .iter()
            .find(|l| l.starts_with("$ "))
            .map(|l| format!("an `sh` block has a prompt, {l:?}: use `console` for output")),
        _ => None,
    }
}
