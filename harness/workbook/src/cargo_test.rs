//! Running `cargo test` for one chapter and reading what it reports.
//!
//! The `workbook` command decides what is solved by running the tests for real
//! (`status`, `solution`, `watch`, `verify`). This module runs one
//! `cargo test -p chapter-NN --no-fail-fast` with
//! `--message-format=json-diagnostic-rendered-ansi`: cargo's own messages
//! (compiler errors, already rendered by rustc, in colour) come as JSON,
//! read with `cargo_metadata`, while libtest's per-test lines come from the
//! test binaries as text. Both go into one pipe, so the `Running tests/x.rs`
//! lines stay in order with the `test NAME ... ok` lines; each message is
//! passed to a callback for live progress, and parsed into per-test
//! results. A chapter that does not compile is a result too
//! ([`TestRun::build_error`]), not an error: the learner's code is allowed
//! to be broken.
//!
//! # Layout
//! - this file: [`CargoTest`] (the builder that runs cargo), [`TestRun`],
//!   [`TestResult`] and [`Tally`] (what came out);
//! - `cargo_test/messages.rs`: running cargo under a time limit in its own
//!   process group and reading its messages ([`run_cargo`], also used by
//!   `grade`);
//! - `cargo_test/output.rs`: the sans-I/O [`Parser`] of the messages,
//!   [`digest`] (what a learner needs to see of them) and [`describe`] (a
//!   short progress text for one).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::Result;
use cargo_metadata::Message;

use crate::progress::Progress;
use harness::workspace::Workspace;

mod messages;
mod output;

pub use messages::run_cargo;
pub use output::{Parser, describe, digest};

/// Longest a chapter's tests may run before they are stopped: generous, since
/// a first run compiles the chapter, but finite, since a learner's loop may
/// never end.
pub const TIME_LIMIT: Duration = Duration::from_secs(600);

/// What libtest said about one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `test NAME ... ok`
    Passed,
    /// `test NAME ... FAILED`
    Failed,
    /// `test NAME ... ignored`
    Ignored,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test target it ran in: `tests/exercises/main.rs`, `unittests src/lib.rs`,
    /// `doc-tests`.
    pub target: String,
    /// The test's full name, e.g. `rot13::known_sentence`.
    pub name: String,
    /// Passed, failed or ignored.
    pub outcome: Outcome,
}

/// Everything one `cargo test` run produced.
#[derive(Debug, Clone, Default)]
pub struct TestRun {
    /// Every test that reported a result, in the order they finished.
    pub results: Vec<TestResult>,
    /// Set when the crate or its tests did not build: the first compiler error
    /// (a few lines), or the tail of cargo's output when there was none.
    pub build_error: Option<String>,
    /// Set when the run was stopped because it took longer than its limit.
    pub timed_out: bool,
    /// Whether cargo exited successfully.
    pub success: bool,
    /// The tests that skipped their work because a real program is missing
    /// (their `SKIPPED <test>: <why>` lines, see [`harness::real::skip`]).
    pub skipped: Vec<Skip>,
    /// The files compiler errors point at (their primary spans), as rustc
    /// names them: which exercise broke the build.
    pub error_files: Vec<String>,
}

impl TestRun {
    /// Which of `exercises` the compiler errors point into: an error in the
    /// exercise's file or in its test file (a changed signature shows there).
    pub fn broken_exercises<'a>(
        &self,
        exercises: impl IntoIterator<Item = &'a str>,
    ) -> Vec<String> {
        exercises
            .into_iter()
            .filter(|name| {
                let file = format!("exercises/{name}.rs");
                self.error_files.iter().any(|f| {
                    let f = f.replace('\\', "/");
                    f.ends_with(&format!("src/{file}")) || f.ends_with(&format!("tests/{file}"))
                })
            })
            .map(str::to_owned)
            .collect()
    }
}

/// One test's `SKIPPED` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The test's name.
    pub test: String,
    /// Why it skipped (what is missing).
    pub why: String,
}

/// How many of a group of tests passed, failed, or were ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests that were ignored.
    pub ignored: usize,
}

impl Tally {
    /// All tests counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.ignored
    }

    /// At least one test, and every one of them passed.
    pub fn all_passed(&self) -> bool {
        self.total() > 0 && self.passed == self.total()
    }

    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Ignored => self.ignored += 1,
        }
    }
}

impl TestRun {
    /// The tests a libtest filter selects: like `cargo test FILTER`, a test is
    /// selected when its name contains the filter.
    pub fn matching<'a>(&'a self, filter: &'a str) -> impl Iterator<Item = &'a TestResult> + 'a {
        self.results.iter().filter(move |r| r.name.contains(filter))
    }

    /// Counts the tests selected by `filter`.
    pub fn tally(&self, filter: &str) -> Tally {
        count(self.matching(filter))
    }

    /// Counts the tests that no filter in `filters` selects (the chapter's
    /// worked examples, when the filters are its exercises').
    pub fn tally_unmatched(&self, filters: &[&str]) -> Tally {
        count(self.unmatched(filters))
    }

    /// The tests that no filter in `filters` selects.
    pub fn unmatched<'a>(
        &'a self,
        filters: &'a [&'a str],
    ) -> impl Iterator<Item = &'a TestResult> + 'a {
        self.results
            .iter()
            .filter(move |r| !filters.iter().any(|f| r.name.contains(f)))
    }
}

fn count<'a>(results: impl Iterator<Item = &'a TestResult>) -> Tally {
    let mut tally = Tally::default();
    results.for_each(|r| tally.add(r.outcome));
    tally
}

/// One `cargo test` invocation for a chapter crate.
#[derive(Debug, Clone)]
pub struct CargoTest {
    manifest: PathBuf,
    package: String,
    solutions: bool,
    filter: Option<String>,
    test_target: Option<String>,
    skip: Vec<String>,
    timeout: Duration,
}

impl CargoTest {
    /// `cargo test -p chapter-NN --no-fail-fast` in workspace `ws`, stopped
    /// after [`TIME_LIMIT`].
    pub fn chapter(ws: &Workspace, nn: &str) -> Self {
        Self {
            manifest: ws.root.join("Cargo.toml"),
            package: format!("chapter-{nn}"),
            solutions: false,
            filter: None,
            test_target: None,
            skip: Vec::new(),
            timeout: TIME_LIMIT,
        }
    }

    /// Builds and runs only the integration-test target `name` (`--test
    /// name`), e.g. `exercises`, whose tests are quick and fail fast.
    pub fn test_target(mut self, name: &str) -> Self {
        self.test_target = Some(name.to_owned());
        self
    }

    /// With `--features solutions`: the reference solutions replace the stubs.
    pub fn solutions(mut self, on: bool) -> Self {
        self.solutions = on;
        self
    }

    /// Leaves the exercises `names` out of the build (the chapter's
    /// `skip-<name>` features), so that the others compile without them.
    pub fn skip(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.skip.extend(names);
        self
    }

    /// Runs only the tests whose names contain `filter`.
    pub fn filter(mut self, filter: &str) -> Self {
        self.filter = Some(filter.to_owned());
        self
    }

    /// The command this runs (for messages and for running it by hand).
    pub fn command(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        let mut cmd = Command::new(cargo);
        cmd.arg("test").arg("--manifest-path").arg(&self.manifest);
        cmd.args(["-p", &self.package, "--no-fail-fast", "--color", "never"]);
        // rustc's errors rendered in colour inside the JSON; anstream strips
        // the colour again where the learner's terminal has none.
        cmd.arg("--message-format=json-diagnostic-rendered-ansi");
        let features: Vec<String> = self
            .solutions
            .then(|| "solutions".to_owned())
            .into_iter()
            .chain(self.skip.iter().map(|name| format!("skip-{name}")))
            .collect();
        if !features.is_empty() {
            cmd.args(["--features", &features.join(",")]);
        }
        if let Some(target) = &self.test_target {
            cmd.args(["--test", target]);
        }
        cmd.arg("--");
        cmd.args(self.filter.iter());
        // Pretty format whatever the user's config says: it is what we parse.
        cmd.args(["--color", "never", "--format", "pretty"]);
        cmd.env("RUST_BACKTRACE", "0")
            .env("CARGO_TERM_COLOR", "never");
        if let Some(dir) = self.manifest.parent() {
            cmd.current_dir(dir);
        }
        cmd
    }

    /// Runs the tests, calling `on_message` with every message as it comes.
    pub fn run(&self, on_message: &mut dyn FnMut(&Message)) -> Result<TestRun> {
        let mut parser = Parser::default();
        let run = run_cargo(self.command(), self.timeout, &mut |message| {
            parser.feed(&message);
            on_message(&message);
        })?;
        let mut tests = parser.finish(run.success());
        tests.timed_out = run.timed_out;
        Ok(tests)
    }

    /// Runs the tests, showing on `progress` what cargo is doing and how
    /// many tests have run.
    pub fn run_with_progress(&self, progress: &Progress) -> Result<TestRun> {
        let mut done = 0;
        self.run(&mut |message| {
            if output::test_line(message).is_some() {
                done += 1;
                progress.update(format!("{done} tests run"));
            } else if let Some(detail) = describe(message) {
                progress.update(detail);
            }
        })
    }
}
