//! The book builds with the mdBook library, with no warning and no dangling
//! include (DESIGN.md §7), and a dangling include is caught with a clear
//! message. Its sequence diagrams come from `{{#transcript}}` directives,
//! and one page with a diagram renders in headless Chromium (`diagrams.rs`).

mod diagrams;

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
