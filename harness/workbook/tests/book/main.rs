//! The book builds with the mdBook library, with no warning and no dangling
//! include (DESIGN.md §7), and a dangling include is caught with a clear
//! message. Its sequence diagrams come from `{{#transcript}}` directives,
//! and one page with a diagram renders in headless Chromium (`diagrams.rs`).
//! The built book numbers its chapters as the crates do, captions each
//! exercise's stub with its minutes and check command, and shows no path of
//! the checkout it was built in; its sources paste no output
//! (`pasted_output.rs`) and discuss every long listing (`long_listings.rs`).
//!
//! # Layout
//! `built` (one build shared by the tests here), the build tests, the checks
//! of the built pages, then the rules over the Markdown sources.

mod diagrams;
mod long_listings;
mod pasted_output;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use harness::workspace::Workspace;
use workbook::book::{BookReport, check_book};

fn workspace() -> Workspace {
    Workspace::at(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

/// The workbook's book, built once for all the tests of this file (a build
/// takes most of a minute on two cores), into cargo's scratch directory for
/// integration tests, where it can be looked at afterwards.
fn built() -> &'static (BookReport, PathBuf) {
    static BUILT: OnceLock<(BookReport, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book");
        let report = check_book(&workspace().root.join("book"), &out).unwrap();
        (report, out)
    })
}

#[test]
fn the_book_builds_without_warnings_or_dangling_includes() {
    let (report, _) = built();
    assert!(
        report.is_clean(),
        "the book has problems:\n{}",
        report.problems().join("\n")
    );
    assert!(report.index.is_file(), "no {}", report.index.display());
}

#[test]
fn a_dangling_include_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace()
        .copy_as_handed_out(&tmp.path().join("wb"))
        .unwrap();
    let src = copy.root.join("book/src");
    let mut summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    summary.push_str("\n- [Broken](broken.md)\n");
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    let page = "# Broken\n\n\
        ```rust\n{{#include ../../chapters/chapter-06/src/no_such_file.rs}}\n```\n\n\
        ```rust\n{{#rustdoc_include ../../harness/src/lib.rs:no_such_anchor}}\n```\n\n\
        Shown, not included: \\{{#include nowhere.rs}}\n\n\
        {{#transcript ../../fixtures/no_such_transcript.txt}}\n\n\
        {{#transcript broken.md}}\n\n\
        Shown, not drawn: \\{{#transcript nowhere.txt}}\n";
    std::fs::write(src.join("broken.md"), page).unwrap();

    let report = check_book(&copy.root.join("book"), &tmp.path().join("out")).unwrap();
    assert!(!report.is_clean());
    // mdBook itself logs the missing file (not the missing anchor: our scan is
    // what catches that one).
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("no_such_file.rs")),
        "mdbook's log was not collected: {:?}",
        report.warnings
    );
    // A transcript that cannot be drawn is shown as such, not a panic.
    let html = std::fs::read_to_string(tmp.path().join("out/broken.html")).unwrap();
    assert_eq!(html.matches("No diagram:").count(), 2, "{html}");
    assert!(
        html.contains("Shown, not drawn: {{#transcript nowhere.txt}}"),
        "{html}"
    );
    let includes: Vec<String> = report.includes.iter().map(ToString::to_string).collect();
    let text = includes
        .join("\n")
        .replace(&tmp.path().display().to_string(), "[TMP]");
    insta::assert_snapshot!(text);
}

/// The sidebar's entries, as text, in order (mdBook writes the sidebar to
/// `toc.html` for readers without JavaScript, and the same list to `toc.js`).
fn sidebar_entries(out: &Path) -> Vec<String> {
    let toc = std::fs::read_to_string(out.join("toc.html")).unwrap();
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    toc.split("<li")
        .skip(1)
        .map(|item| {
            let item = format!("<li{item}");
            let text = tags.replace_all(&item, "");
            text.trim().replace("&#39;", "'").replace("&amp;", "&")
        })
        .filter(|text| !text.is_empty())
        .collect()
}

/// Each chapter's exercise page shows every exercise's stub, captioned
/// with the learner's file, the minutes from `exercises.toml` and the
/// command that checks it.
#[test]
fn every_exercise_page_gives_each_stub_its_minutes_and_check_command() {
    let (_, out) = built();
    let ws = workspace();
    for nn in harness::workspace::CHAPTERS {
        let chapter = workbook::exercises::ChapterExercises::load(&ws, nn).unwrap();
        let page = out.join(format!("chapter-{nn}/exercises.html"));
        let html = std::fs::read_to_string(&page).unwrap();
        for e in &chapter.exercises {
            let caption = format!(
                "<code>chapters/chapter-{nn}/src/exercises/{}.rs</code> as handed out · about {} \
                 minutes · check it with <code>cargo workbook check {nn} {}</code>",
                e.name, e.minutes, e.name
            );
            assert!(
                html.contains(&caption),
                "{} has no caption {caption:?}",
                page.display()
            );
        }
    }
}

#[test]
fn the_sidebar_numbers_the_chapters_as_the_crates_do() {
    let entries = sidebar_entries(&built().1);
    let chapters: Vec<&String> = entries
        .iter()
        .filter(|e| e.starts_with("Chapter ") && e.contains(" — "))
        .collect();
    let numbers: Vec<String> = chapters
        .iter()
        .map(|e| e.split_whitespace().nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(
        numbers,
        (1..=9).map(|n| n.to_string()).collect::<Vec<_>>(),
        "the sidebar's chapters: {chapters:#?}"
    );
    // mdBook's own labels ("4.", "4.1.") would count the front pages too.
    let labelled = regex::Regex::new(r"^\d+(\.\d+)*\.\s").unwrap();
    let stray: Vec<&String> = entries.iter().filter(|e| labelled.is_match(e)).collect();
    assert!(stray.is_empty(), "numbered by mdBook: {stray:#?}");
    // Each chapter's page says the same number in its heading.
    for n in 1..=9 {
        let page = workspace()
            .root
            .join(format!("book/src/chapter-{n:02}/index.md"));
        let text = std::fs::read_to_string(&page).unwrap();
        let heading = text.lines().next().unwrap_or("");
        assert!(
            heading.starts_with(&format!("# Chapter {n} — ")),
            "{}: the heading is {heading:?}",
            page.display()
        );
    }
}

#[test]
fn the_built_book_shows_no_path_of_the_checkout() {
    let root = workspace().root.canonicalize().unwrap();
    let root = root.to_string_lossy().into_owned();
    let mut leaks = Vec::new();
    for entry in walkdir::WalkDir::new(&built().1) {
        let entry = entry.unwrap();
        let is_page = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "js" || e == "svg");
        if !is_page {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(at) = text.find(&root) {
            let line = text[..at].lines().count().max(1);
            leaks.push(format!("{}:{line}", entry.path().display()));
        }
    }
    assert!(
        leaks.is_empty(),
        "the checkout's path {root} appears in:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn every_long_listing_is_followed_by_prose() {
    let problems = long_listings::check(&workspace().root.join("book/src"));
    assert!(
        problems.is_empty(),
        "a listing of more than {} lines needs discussion after it:\n{}",
        long_listings::LONG,
        problems.join("\n")
    );
}

#[test]
fn no_output_block_is_pasted_by_hand() {
    let problems = pasted_output::check(&workspace().root.join("book/src"));
    assert!(
        problems.is_empty(),
        "output must be included from a file a test checks \
         (see tests/book/pasted_output.rs for the rule):\n{}",
        problems.join("\n")
    );
}
