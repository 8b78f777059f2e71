//! Numbered, captioned, de-indented code listings in the book.
//!
//! A listing is a fenced `rust` block whose only line includes code from the
//! crates (`{{#include ../../../chapters/chapter-02/src/hello.rs:answer}}`,
//! DESIGN.md §7). Readers need to refer to listings and to find the code they
//! show, so each one gets a caption above it:
//!
//! > **Listing 2-3**: `chapters/chapter-02/src/hello.rs`, `answer`
//!
//! numbered per chapter in reading order (the chapter is the page's folder,
//! `chapter-02/…`; pages outside the chapters get a caption without a
//! number). An HTML comment `<!-- listing: the seed's server_01 -->` on the
//! line just above the fence replaces the anchor's name with words.
//!
//! Captions are added to the sources as loaded, before mdBook's own
//! preprocessor expands the includes (after that the paths are gone); the
//! [`Dedent`] preprocessor runs after it and removes the indentation an
//! anchor inside an `impl` or a `mod` brings along.
//!
//! # Layout
//! [`caption_listings`] (the whole book) → `caption_page` (one page) →
//! `listing_target` (is this block a listing, of what); [`Dedent`] and
//! `dedent_blocks`; `repo_path` turns an include path into the file's path
//! in the repository.

use std::path::{Component, Path};

use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// What a stub's caption says of its exercise, by chapter (two digits) and
/// name: the minutes it takes (`exercises.toml`).
pub type ExerciseMinutes = std::collections::BTreeMap<(String, String), u32>;

/// Adds a caption above every listing of `book` (see the module docs); a
/// stub's caption also gives its exercise's minutes and check command.
pub fn caption_listings(book: &mut Book, minutes: &ExerciseMinutes) {
    let mut per_chapter: std::collections::BTreeMap<u32, u32> = Default::default();
    // `for_each_mut` visits pages in reading order, parents before children.
    book.for_each_mut(|item| {
        let BookItem::Chapter(page) = item else {
            return;
        };
        let Some(path) = page.path.clone() else {
            return;
        };
        let chapter = chapter_of(&path);
        let next = chapter.map(|n| per_chapter.entry(n).or_insert(0));
        page.content = caption_page(&page.content, &path, chapter, next, minutes);
    });
}

/// The chapter a page belongs to: `chapter-02/x.md` → 2.
fn chapter_of(page: &Path) -> Option<u32> {
    let first = page.components().next()?.as_os_str().to_str()?;
    first.strip_prefix("chapter-")?.parse().ok()
}

/// `text` with a caption above each listing; `counter` is the chapter's
/// listing count so far (`None` outside the chapters).
fn caption_page(
    text: &str,
    page: &Path,
    chapter: Option<u32>,
    mut counter: Option<&mut u32>,
    minutes: &ExerciseMinutes,
) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((target, anchor)) = listing_target(&lines, i) {
            let indent = &line[..line.len() - line.trim_start().len()];
            let words = i
                .checked_sub(1)
                .and_then(|j| caption_words(lines[j]))
                .or(anchor)
                .map(|w| format!(", {w}"))
                .unwrap_or_default();
            let number = match (chapter, counter.as_deref_mut()) {
                (Some(n), Some(k)) => {
                    *k += 1;
                    format!("<strong>Listing {n}-{k}</strong>: ")
                }
                _ => String::new(),
            };
            let file = repo_path(page, &target);
            let (file, words) = match stub_of(&file, minutes) {
                Some((nn, name, m)) => (
                    format!("chapters/chapter-{nn}/src/exercises/{name}.rs"),
                    format!(
                        " as handed out · about {m} minutes · check it with \
                         `cargo workbook check {nn} {name}`"
                    ),
                ),
                None => (file, words),
            };
            out.push_str(&format!(
                "{indent}<p class=\"listing-caption\">{number}<code>{}</code>{}</p>\n\n",
                html_escape(&file),
                html_escape(&words)
            ));
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

/// If `file` is an exercise's pristine stub (`fixtures/stubs/chapter-NN/
/// <name>.rs`, which the book shows rather than the learner's working
/// copy): its chapter, name and minutes.
fn stub_of<'a>(file: &'a str, minutes: &ExerciseMinutes) -> Option<(&'a str, &'a str, u32)> {
    let rest = file.strip_prefix("fixtures/stubs/chapter-")?;
    let (nn, name) = rest.split_once('/')?;
    let name = name.strip_suffix(".rs")?;
    let m = minutes.get(&(nn.to_string(), name.to_string()))?;
    Some((nn, name, *m))
}

/// If a listing's fence opens at `lines[i]`: the included path and anchor.
fn listing_target(lines: &[&str], i: usize) -> Option<(String, Option<String>)> {
    let info = lines[i].trim_start().strip_prefix("```")?;
    if info.split(',').next()?.trim() != "rust" {
        return None;
    }
    let body = lines.get(i + 1)?.trim();
    let close = lines.get(i + 2)?.trim();
    if close != "```" {
        return None;
    }
    let inner = body
        .strip_prefix("{{#include ")
        .or_else(|| body.strip_prefix("{{#rustdoc_include "))?
        .strip_suffix("}}")?
        .trim();
    let mut parts = inner.splitn(2, ':');
    let path = parts.next()?.to_string();
    // `file:anchor` names an anchor; `file:3:10` is a line range.
    let anchor = parts
        .next()
        .filter(|a| !a.is_empty() && !a.starts_with(|c: char| c.is_ascii_digit()))
        .map(|a| format!("`{a}`"));
    Some((path, anchor))
}

/// The words of a `<!-- listing: … -->` comment.
fn caption_words(line: &str) -> Option<String> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    Some(inner.strip_prefix("listing:")?.trim().to_string())
}

/// The path of an included file in the repository: the include path is
/// relative to the page, which is relative to `book/src`.
fn repo_path(page: &Path, target: &str) -> String {
    let from_root = Path::new("book/src")
        .join(page.parent().unwrap_or(Path::new("")))
        .join(target);
    let mut parts: Vec<&str> = Vec::new();
    for c in from_root.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_str().unwrap_or("?")),
            _ => {}
        }
    }
    parts.join("/")
}

/// Just enough escaping for text inside an HTML element.
fn html_escape(text: &str) -> String {
    // Backticks mark code in the caption's words, as in Markdown (an HTML
    // block is not parsed as Markdown).
    let mut out = String::new();
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => {
                out.push_str(if in_code { "</code>" } else { "<code>" });
                in_code = !in_code;
            }
            _ => out.push(c),
        }
    }
    if in_code {
        out.push_str("</code>");
    }
    out
}

/// The preprocessor that removes the common indentation of every `rust`
/// block once the includes are expanded.
pub struct Dedent;

impl Preprocessor for Dedent {
    fn name(&self) -> &str {
        "workbook-dedent"
    }

    fn run(
        &self,
        _ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_driver::errors::Result<Book> {
        book.for_each_chapter_mut(|page| page.content = dedent_blocks(&page.content));
        Ok(book)
    }
}

/// `text` with each `rust` block's lines shifted left by the indentation
/// they all share (blank lines aside). The fence keeps its own indentation,
/// so a listing inside a list item stays in the item.
fn dedent_blocks(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push(line.to_string());
        let fence = line.trim_start();
        let is_rust = fence
            .strip_prefix("```")
            .and_then(|info| info.split(',').next())
            .is_some_and(|lang| lang.trim() == "rust");
        i += 1;
        if !is_rust {
            continue;
        }
        let fence_indent = line.len() - fence.len();
        let end = (i..lines.len())
            .find(|&j| lines[j].trim() == "```")
            .unwrap_or(lines.len());
        let body = &lines[i..end];
        let common = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let strip = common.saturating_sub(fence_indent);
        for l in body {
            out.push(l.get(strip..).unwrap_or("").to_string());
        }
        i = end;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_are_numbered_per_chapter_with_their_file_and_anchor() {
        let page = "Text.\n\n```rust,ignore\n{{#include ../../../chapters/chapter-02/src/hello.rs:answer}}\n```\n\n\
                    <!-- listing: the seed's `server_01` -->\n```rust\n{{#include ../../../chapters/chapter-02/src/bin/server_01.rs}}\n```\n\n\
                    ```rust\nfn not_a_listing() {}\n```\n";
        let mut k = 4;
        let out = caption_page(
            page,
            Path::new("chapter-02/std-net.md"),
            Some(2),
            Some(&mut k),
            &ExerciseMinutes::new(),
        );
        assert!(out.contains("<strong>Listing 2-5</strong>: <code>chapters/chapter-02/src/hello.rs</code>, <code>answer</code></p>\n\n```rust,ignore"), "{out}");
        assert!(out.contains("<strong>Listing 2-6</strong>: <code>chapters/chapter-02/src/bin/server_01.rs</code>, the seed&#39;s <code>server_01</code>") || out.contains("<strong>Listing 2-6</strong>: <code>chapters/chapter-02/src/bin/server_01.rs</code>, the seed's <code>server_01</code>"), "{out}");
        assert_eq!(k, 6);
        assert_eq!(out.matches("listing-caption").count(), 2, "{out}");
    }

    #[test]
    fn pages_outside_the_chapters_get_captions_without_numbers() {
        let page = "```rust\n{{#include ../../../harness/src/lib.rs:x}}\n```";
        let out = caption_page(
            page,
            Path::new("front/setup.md"),
            None,
            None,
            &ExerciseMinutes::new(),
        );
        assert!(out.starts_with("<p class=\"listing-caption\"><code>harness/src/lib.rs</code>, <code>x</code></p>\n\n```rust"), "{out}");
        assert!(out.ends_with("```"), "{out:?}");
    }

    #[test]
    fn a_stub_is_captioned_with_the_learners_file_its_minutes_and_check() {
        let page =
            "```rust,ignore\n{{#include ../../../fixtures/stubs/chapter-06/rot13.rs:stub}}\n```\n";
        let minutes = ExerciseMinutes::from([(("06".into(), "rot13".into()), 20)]);
        let mut k = 0;
        let out = caption_page(
            page,
            Path::new("chapter-06/exercises.md"),
            Some(6),
            Some(&mut k),
            &minutes,
        );
        assert!(
            out.starts_with(
                "<p class=\"listing-caption\"><strong>Listing 6-1</strong>: \
                 <code>chapters/chapter-06/src/exercises/rot13.rs</code> as handed out · \
                 about 20 minutes · check it with <code>cargo workbook check 06 rot13</code></p>"
            ),
            "{out}"
        );
    }

    #[test]
    fn code_from_inside_an_impl_is_shifted_left() {
        let text = "a\n   ```rust\n       fn f() {\n           x\n       }\n   ```\nb";
        assert_eq!(
            dedent_blocks(text),
            "a\n   ```rust\n   fn f() {\n       x\n   }\n   ```\nb"
        );
        let flat = "```rust\nfn g() {}\n\n    y\n```";
        assert_eq!(dedent_blocks(flat), flat);
    }
}
