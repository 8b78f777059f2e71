//! What the tests that run a case through the library (not the `workbook`
//! command) share: where things are, running a case, and asserting its
//! verdict check by check.

#![allow(dead_code)] // each test file uses its own part of this

use std::path::{Path, PathBuf};
use std::time::Duration;

use conform::report::{Report, Verdict};
use conform::{Grade, Session};
use harness::real::available;

/// Debian's interpreter: `python3` on PATH may be another build.
pub const PYTHON: &str = "/usr/bin/python3";

/// The workspace root.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../..")
        .canonicalize()
        .expect("the workspace root")
}

/// `fixtures/www`, as a string for a command line.
pub fn www() -> String {
    root().join("fixtures/www").display().to_string()
}

/// `tests/programs/<name>`, as a string for a command line.
pub fn program(name: &str) -> String {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("tests/programs").join(name).display().to_string()
}

/// Whether Debian's python3 is there (or a SKIPPED line / a failure under
/// `WORKBOOK_REQUIRE_PEERS=1`).
pub fn python() -> bool {
    available(
        "Debian's python3 (/usr/bin/python3)",
        &[PYTHON, "-c", "import http.server"],
    )
}

/// Runs `case` with `argv` (placeholders allowed) and a 30 s time limit.
pub fn report(case: &str, argv: &[&str]) -> Report {
    Session::for_test(argv, Duration::from_secs(30)).report(case)
}

/// The checks that are not OK, as `GRADE name`, in order.
pub fn not_ok(report: &Report) -> Vec<String> {
    let checks = report.checks.iter().filter(|c| c.grade != Grade::Ok);
    checks
        .map(|c| format!("{} {}", c.grade.label(), c.name))
        .collect()
}

/// Asserts the verdict and exactly these non-OK checks, in order.
#[track_caller]
pub fn assert_verdict(report: &Report, verdict: Verdict, expected: &[&str]) {
    let got = not_ok(report);
    assert!(
        report.verdict == verdict && got == expected,
        "expected {verdict:?} with {expected:#?}\ngot {:?} with {got:#?}\n{}",
        report.verdict,
        report.render_plain()
    );
}

/// The detail of the check called `name`.
#[track_caller]
pub fn detail<'a>(report: &'a Report, name: &str) -> &'a str {
    let check = report.checks.iter().find(|c| c.name == name);
    let check = check.unwrap_or_else(|| panic!("no check {name:?}:\n{}", report.render_plain()));
    &check.detail
}
