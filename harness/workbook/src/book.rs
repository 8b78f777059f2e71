//! Building the book with the mdBook library and checking it is whole.
//!
//! The book's listings are included from the crates (`{{#include path:anchor}}`,
//! DESIGN.md §7), so a renamed file or a removed `// ANCHOR:` silently leaves a
//! hole in a page. mdBook only logs such problems (through `tracing`) and
//! carries on; a missing anchor it does not even log. So [`check_book`] does
//! two independent things and reports both:
//!
//! 1. it scans every `{{#include …}}`, `{{#rustdoc_include …}}` and
//!    `{{#playground …}}` in the book's sources and checks that the file exists
//!    and that a named anchor has both its `ANCHOR:` and `ANCHOR_END:` lines;
//! 2. it builds the book with a `tracing` subscriber installed that collects
//!    every WARN and ERROR event mdBook emits.
//!
//! The build also expands the workbook's own directive,
//! `{{#transcript path}}`, into a sequence diagram of a checked transcript
//! ([`directive`], drawn by [`diagram`]); the scan checks that its file
//! exists and parses, so a broken one is a problem of the book too.
//!
//! `workbook book`, the status screen and the book test all use it.
//!
//! # Layout
//! [`BookReport`], [`check_book`], [`scan_includes`] and
//! [`IncludeProblem`]; a private collecting `tracing` layer at the end.
//! - [`diagram`]: transcript text to an SVG sequence diagram (sans-I/O).
//! - [`directive`]: the mdBook preprocessor for `{{#transcript}}`.

pub mod diagram;
pub mod directive;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context as LayerContext, SubscriberExt};

/// What building the book found.
#[derive(Debug, Clone, Default)]
pub struct BookReport {
    /// The built book's front page (`<out>/index.html`).
    pub index: PathBuf,
    /// mdBook's WARN and ERROR log events, as `WARN: message`.
    pub warnings: Vec<String>,
    /// Includes whose file or anchor does not exist.
    pub includes: Vec<IncludeProblem>,
}

impl BookReport {
    /// No warnings and no dangling includes.
    pub fn is_clean(&self) -> bool {
        self.warnings.is_empty() && self.includes.is_empty()
    }

    /// Every problem as one readable line each.
    pub fn problems(&self) -> Vec<String> {
        let includes = self.includes.iter().map(ToString::to_string);
        let warnings = self.warnings.iter().map(|w| format!("mdbook {w}"));
        includes.chain(warnings).collect()
    }
}

/// A `{{#include}}` that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeProblem {
    /// The page, relative to the book's `src/`.
    pub page: PathBuf,
    /// 1-based line of the directive in the page.
    pub line: usize,
    /// The directive as written.
    pub directive: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for IncludeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (page, line, directive) = (self.page.display(), self.line, &self.directive);
        write!(f, "{page}:{line}: {directive}: {}", self.problem)
    }
}

/// Builds the book in `book_dir` (the folder with `book.toml`) into `out_dir`
/// and checks it, as the module documentation describes. `Err` means the book
/// could not be built at all (a broken `SUMMARY.md` or `book.toml`).
pub fn check_book(book_dir: &Path, out_dir: &Path) -> Result<BookReport> {
    let includes = scan_includes(&book_dir.join("src"))?;
    let out_dir = std::path::absolute(out_dir)?;
    let warnings = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry().with(Collect(Arc::clone(&warnings)));
    tracing::subscriber::with_default(subscriber, || -> Result<()> {
        let mut book = MDBook::load(book_dir)
            .with_context(|| format!("cannot load the book in {}", book_dir.display()))?;
        // Never into the source tree, whatever book.toml says.
        book.config.build.build_dir = out_dir.clone();
        // Ahead of mdBook's own preprocessors, not after them (where
        // `with_preprocessor` would put it): their `links` removes the
        // backslash of an escaped `\{{#transcript …}}`, after which it could
        // not be told from a directive to expand.
        let ctx = PreprocessorContext::new(book.root.clone(), book.config.clone(), "html".into());
        book.book = directive::Transcripts.run(&ctx, std::mem::take(&mut book.book))?;
        crate::listings::caption_listings(&mut book.book, &exercise_minutes(book_dir));
        book.with_preprocessor(crate::listings::Dedent);
        book.build().context("mdbook could not build the book")
    })?;
    let warnings = std::mem::take(&mut *warnings.lock().unwrap_or_else(PoisonError::into_inner));
    Ok(BookReport {
        index: out_dir.join("index.html"),
        warnings,
        includes,
    })
}

/// Every exercise's minutes, from the manifests of the workspace the book
/// at `book_dir` belongs to; none if it belongs to none (then stubs get
/// the plain caption).
fn exercise_minutes(book_dir: &Path) -> crate::listings::ExerciseMinutes {
    let Ok(ws) = harness::workspace::Workspace::at(book_dir.join("..")) else {
        return Default::default();
    };
    harness::workspace::CHAPTERS
        .iter()
        .filter_map(|nn| crate::exercises::ChapterExercises::load(&ws, nn).ok())
        .flat_map(|c| {
            c.exercises
                .into_iter()
                .map(move |e| ((c.chapter.to_string(), e.name), e.minutes))
        })
        .collect()
}

/// Checks every include and transcript directive in the Markdown files
/// under `src_dir`.
pub fn scan_includes(src_dir: &Path) -> Result<Vec<IncludeProblem>> {
    let directive = Regex::new(
        r"(\\)?\{\{\s*#(include|rustdoc_include|playground|transcript)\s+([^}\s]+)[^}]*\}\}",
    )?;
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(src_dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", src_dir.display()))?;
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        for caps in directive.captures_iter(&text) {
            if caps.get(1).is_some() {
                continue; // `\{{#include …}}` is escaped: shown, not included.
            }
            let whole = caps.get(0).expect("group 0 always matches");
            let problem = if &caps[2] == "transcript" {
                check_transcript(entry.path(), &caps[3])
            } else {
                check_target(entry.path(), &caps[3])
            };
            if let Some(problem) = problem {
                problems.push(IncludeProblem {
                    page: entry.path().strip_prefix(src_dir)?.to_path_buf(),
                    line: text[..whole.start()].lines().count().max(1),
                    directive: whole.as_str().to_owned(),
                    problem,
                });
            }
        }
    }
    Ok(problems)
}

/// Checks `path[:anchor | :from[:to]]` relative to `page`; `Some(problem)`.
fn check_target(page: &Path, target: &str) -> Option<String> {
    let (file, selector) = target.split_once(':').unwrap_or((target, ""));
    let resolved = page.parent().unwrap_or(Path::new(".")).join(file);
    let Ok(text) = std::fs::read_to_string(&resolved) else {
        return Some(format!(
            "the file {file} does not exist (looked for {})",
            resolved.display()
        ));
    };
    let first = selector.split(':').next().unwrap_or("");
    if first.is_empty() || first.parse::<usize>().is_ok() {
        return check_lines(&text, first);
    }
    check_anchor(&text, first, file)
}

/// Checks that a `{{#transcript path}}` names a file that parses.
fn check_transcript(page: &Path, path: &str) -> Option<String> {
    let resolved = page.parent().unwrap_or(Path::new(".")).join(path);
    let Ok(text) = std::fs::read_to_string(&resolved) else {
        return Some(format!(
            "the transcript {path} does not exist (looked for {})",
            resolved.display()
        ));
    };
    let parsed = harness::transcript::Transcript::parse(&text);
    parsed
        .err()
        .map(|e| format!("{path} is not a transcript: {e:#}"))
}

fn check_lines(text: &str, first: &str) -> Option<String> {
    let start: usize = first.parse().ok()?;
    let lines = text.lines().count();
    (start > lines).then(|| format!("starts at line {start} but the file has {lines} lines"))
}

fn check_anchor(text: &str, anchor: &str, file: &str) -> Option<String> {
    let marker = |kind: &str| {
        Regex::new(&format!(r"{kind}:\s*{}(\s|$)", regex::escape(anchor))).expect("valid regex")
    };
    let has_start = text.lines().any(|l| marker("ANCHOR").is_match(l));
    let has_end = text.lines().any(|l| marker("ANCHOR_END").is_match(l));
    match (has_start, has_end) {
        (true, true) => None,
        (false, _) => Some(format!("{file} has no `// ANCHOR: {anchor}`")),
        (true, false) => Some(format!(
            "{file} has `ANCHOR: {anchor}` but no `// ANCHOR_END: {anchor}`"
        )),
    }
}

/// A `tracing` layer keeping every WARN and ERROR event's message.
struct Collect(Arc<Mutex<Vec<String>>>);

impl<S: Subscriber> Layer<S> for Collect {
    fn enabled(&self, metadata: &Metadata<'_>, _ctx: LayerContext<'_, S>) -> bool {
        // More verbose levels compare greater: this keeps WARN and ERROR.
        *metadata.level() <= Level::WARN
    }

    fn on_event(&self, event: &Event<'_>, _ctx: LayerContext<'_, S>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        let line = format!("{}: {}", event.metadata().level(), message.0);
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

/// Renders an event's fields: the message first, then `name=value` pairs.
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        } else {
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_need_both_ends() {
        let text = "a\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n// ANCHOR: half\n";
        assert_eq!(check_anchor(text, "main", "f.rs"), None);
        assert!(
            check_anchor(text, "half", "f.rs")
                .unwrap()
                .contains("ANCHOR_END: half")
        );
        assert!(
            check_anchor(text, "mai", "f.rs")
                .unwrap()
                .contains("no `// ANCHOR: mai`")
        );
    }

    #[test]
    fn line_ranges_must_start_inside_the_file() {
        assert_eq!(check_lines("a\nb\n", "2"), None);
        assert!(check_lines("a\nb\n", "3").is_some());
        assert_eq!(check_lines("a\n", ""), None);
    }
}
