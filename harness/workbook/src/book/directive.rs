//! The `{{#transcript path}}` directive: a sequence diagram drawn from a
//! checked transcript while the book builds (DESIGN.md §7).
//!
//! The path is relative to the page, as with mdBook's `{{#include}}`. The
//! directive becomes a `<figure>` holding the SVG of [`super::diagram`] and
//! a caption naming the file, with no blank line inside, so Markdown keeps
//! the whole figure as one HTML block. A file that is missing or does not
//! parse never stops the build or panics: the page shows what is wrong, and
//! [`super::scan_includes`] reports the same directive as a problem of the
//! book, like a dangling include.
//!
//! # Layout
//! [`Transcripts`] (the mdBook preprocessor), [`expand`] (one page's text),
//! `figure` and `slug`.

use std::path::{Component, Path};

use anyhow::Context;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use super::diagram::{self, Options};

/// The directive's pattern: group 1 an escaping backslash, group 2 the path.
pub const PATTERN: &str = r"(\\)?\{\{\s*#transcript\s+([^}\s]+)\s*\}\}";

/// Expands `{{#transcript …}}` in every chapter. [`super::check_book`]
/// runs it first, before mdBook's own preprocessors.
pub struct Transcripts;

impl Preprocessor for Transcripts {
    fn name(&self) -> &str {
        "workbook-transcripts"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let mut failed = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(page) = &chapter.path else { return };
            let dir = src.join(page).parent().map(Path::to_path_buf);
            match expand(&chapter.content, dir.as_deref().unwrap_or(&src)) {
                Ok(text) => chapter.content = text,
                Err(e) => failed = Some(e),
            }
        });
        failed.map_or(Ok(book), Err)
    }
}

/// Replaces each directive in `page` (whose folder is `dir`) with its
/// figure, or with a visible error where the transcript cannot be drawn.
/// `Err` only for a bug in [`PATTERN`].
pub fn expand(page: &str, dir: &Path) -> anyhow::Result<String> {
    let directive = Regex::new(PATTERN).context("the directive's pattern")?;
    let mut out = String::with_capacity(page.len());
    let mut last = 0;
    for (n, caps) in directive.captures_iter(page).enumerate() {
        let whole = caps.get(0).context("group 0 always matches")?;
        out.push_str(&page[last..whole.start()]);
        last = whole.end();
        if caps.get(1).is_some() {
            // `\{{#transcript …}}` is shown, not expanded.
            out.push_str(&whole.as_str()[1..]);
            continue;
        }
        let path = &caps[2];
        match figure(dir, path, n + 1) {
            Ok(figure) => out.push_str(&figure),
            Err(e) => out.push_str(&format!(
                "\n> **No diagram:** `{}`: {}\n",
                whole.as_str(),
                format!("{e:#}").replace('\n', " ")
            )),
        }
    }
    out.push_str(&page[last..]);
    Ok(out)
}

/// Reads and draws one transcript: the figure's HTML, or why not.
pub fn figure(dir: &Path, path: &str, nth: usize) -> anyhow::Result<String> {
    let file = dir.join(path);
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let shown = shown_path(path);
    let id = format!("seq{nth}-{}", slug(&shown));
    let title = title(&text, &shown);
    let svg = diagram::render_text(
        &text,
        Options {
            id: &id,
            title: &title,
        },
    )
    .with_context(|| format!("{shown} is not a transcript"))?;
    let shown = super::diagram::escape(&shown);
    Ok(format!(
        "<figure class=\"sequence-diagram\" data-transcript=\"{shown}\" style=\"margin:1em 0\">\n{svg}\n\
         <figcaption style=\"font-size:0.9em\">Drawn from <code>{shown}</code>, a transcript the tests check.</figcaption>\n</figure>\n"
    ))
}

/// The path without the `../` that climbs out of the book: what a reader
/// finds from the repository root (`fixtures/reference/…`).
fn shown_path(path: &str) -> String {
    let parts = Path::new(path)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    parts.collect::<Vec<_>>().join("/")
}

/// What the diagram shows: the conformance case, or the file's name with
/// the fake peer or the program recorded (from the transcript's header).
fn title(text: &str, shown: &str) -> String {
    let header = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix("# ")?.strip_prefix(key)?.strip_prefix(": "))
            .map(str::to_string)
    };
    if let Some(case) = header("case") {
        return format!("Conformance case {case}");
    }
    let name = Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if name == "transcript" {
        shown.rsplit('/').nth(1).unwrap_or("").to_string()
    } else {
        name
    };
    match (header("peer"), header("program")) {
        (Some(peer), _) => format!("{name}: with the {peer} peer"),
        (None, Some(program)) => format!("{name}: with the {program}"),
        (None, None) => name,
    }
}

/// Letters, digits and `-` only: safe in an XML id and a URL fragment.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directive_becomes_a_figure_and_a_broken_one_a_visible_error() {
        let dir = tempfile::tempdir().unwrap();
        let t = "# peer: echo\n1 open \"client-1\"\n1 C> \"hi\\r\\n\"\n";
        std::fs::write(dir.path().join("hi.txt"), t).unwrap();
        std::fs::write(dir.path().join("bad.txt"), "1 nonsense\n").unwrap();
        let page = "Text.\n\n{{#transcript hi.txt}}\n\n\\{{#transcript hi.txt}}\n\n\
            {{#transcript bad.txt}}\n{{#transcript gone.txt}}\n";
        let out = expand(page, dir.path()).unwrap();
        assert!(out.contains("\n<figure class=\"sequence-diagram\" data-transcript="));
        assert!(out.contains("<title id=\"seq1-"), "{out}");
        assert!(
            out.contains("\n{{#transcript hi.txt}}\n"),
            "escaped: shown as written"
        );
        assert!(
            out.contains("No diagram:** `{{#transcript bad.txt}}`"),
            "{out}"
        );
        assert!(
            out.contains("No diagram:** `{{#transcript gone.txt}}`"),
            "{out}"
        );
        let figure = out.split("<figure").nth(1).unwrap();
        let figure = figure.split("</figure>").next().unwrap();
        assert!(!figure.contains("\n\n"), "one HTML block");
    }

    #[test]
    fn paths_titles_and_ids_read_well() {
        let shown = shown_path("../../../fixtures/reference/echo-client/transcript.txt");
        assert_eq!(shown, "fixtures/reference/echo-client/transcript.txt");
        assert_eq!(
            title("# peer: echo\n", &shown),
            "echo-client: with the echo peer"
        );
        assert_eq!(title("# case: x\n", &shown), "Conformance case x");
        let program = title("# program: chapter-05 web server\n", "f/http.txt");
        assert_eq!(program, "http: with the chapter-05 web server");
        assert_eq!(slug("fixtures/ref_x/T.txt"), "fixtures-ref-x-t-txt");
    }
}
