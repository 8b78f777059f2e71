//! Running `cargo test` for one chapter and reading libtest's report.
//!
//! The `workbook` command decides what is solved by running the tests for real
//! (`status`, `solution`, `watch`, `verify`, and later `grade`). This module
//! runs one `cargo test -p chapter-NN --no-fail-fast` with cargo's and the test
//! binaries' output merged into one pipe (so the `Running tests/x.rs` lines of
//! cargo stay in order with the `test NAME ... ok` lines of libtest), passes
//! each line to a callback for live progress, and parses the lines into
//! per-test results. A chapter that does not compile is a result too
//! ([`TestRun::build_error`]), not an error: the learner's code is allowed to
//! be broken.
//!
//! Layout: [`CargoTest`] (the builder that runs cargo), [`TestRun`] and
//! [`TestResult`] (what came out); in `cargo_test/output.rs`, [`LineParser`]
//! (the sans-I/O parser of the merged output), [`digest`] (what a learner
//! needs to see of it) and [`describe`] (a short progress text for a line).

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use harness::workspace::Workspace;

mod output;

pub use output::{LineParser, describe, digest};

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
    /// The test target it ran in: `tests/exercises.rs`, `unittests src/lib.rs`,
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
    timeout: Option<Duration>,
}

impl CargoTest {
    /// `cargo test -p chapter-NN --no-fail-fast` in workspace `ws`.
    pub fn chapter(ws: &Workspace, nn: &str) -> Self {
        Self {
            manifest: ws.root.join("Cargo.toml"),
            package: format!("chapter-{nn}"),
            solutions: false,
            filter: None,
            timeout: None,
        }
    }

    /// With `--features solutions`: the reference solutions replace the stubs.
    pub fn solutions(mut self, on: bool) -> Self {
        self.solutions = on;
        self
    }

    /// Runs only the tests whose names contain `filter`.
    pub fn filter(mut self, filter: &str) -> Self {
        self.filter = Some(filter.to_owned());
        self
    }

    /// Stops the run (killing cargo and the test binaries) after `limit`.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// The command this runs (for messages and for running it by hand).
    pub fn command(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        let mut cmd = Command::new(cargo);
        cmd.arg("test").arg("--manifest-path").arg(&self.manifest);
        cmd.args(["-p", &self.package, "--no-fail-fast", "--color", "never"]);
        if self.solutions {
            cmd.args(["--features", "solutions"]);
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

    /// Runs the tests, calling `on_line` with every line of output as it comes.
    pub fn run(&self, on_line: &mut dyn FnMut(&str)) -> Result<TestRun> {
        run_command(self.command(), self.timeout, on_line)
    }
}

/// Runs `cmd` with stdout and stderr merged into one pipe, parsing its lines
/// as `cargo test` output, and kills its process group after `timeout`.
fn run_command(
    mut cmd: Command,
    timeout: Option<Duration>,
    on_line: &mut dyn FnMut(&str),
) -> Result<TestRun> {
    let (reader, writer) = std::io::pipe().context("cannot create a pipe for cargo")?;
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    own_process_group(&mut cmd);
    let mut child = cmd
        .spawn()
        .context("cannot run cargo (is it on your PATH?)")?;
    // The Command holds our copies of the pipe's write end: drop it, or
    // the read end never sees end-of-file.
    drop(cmd);
    let lines = spawn_line_reader(reader);
    let mut parser = LineParser::default();
    let deadline = timeout.map(|t| Instant::now() + t);
    let timed_out = pump(&lines, deadline, &mut |line| {
        parser.feed(line);
        on_line(line);
    });
    if timed_out {
        kill_group(&mut child);
    }
    let status = child.wait().context("cannot wait for cargo")?;
    let mut run = parser.finish(status.success());
    run.timed_out = timed_out;
    Ok(run)
}

fn spawn_line_reader(reader: std::io::PipeReader) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).split(b'\n') {
            let Ok(line) = line else { break };
            let text = String::from_utf8_lossy(&line).trim_end().to_owned();
            if tx.send(text).is_err() {
                break;
            }
        }
    });
    rx
}

/// Feeds lines until the pipe closes (false) or the deadline passes (true).
fn pump(
    lines: &mpsc::Receiver<String>,
    deadline: Option<Instant>,
    sink: &mut dyn FnMut(&str),
) -> bool {
    loop {
        let received = match deadline {
            None => lines.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => lines.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(line) => sink(&line),
            Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

#[cfg(unix)]
fn own_process_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // Its own group, so a timeout can kill cargo *and* the test binary it runs.
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_cmd: &mut Command) {}

fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group we
        // created for this child; it touches no memory of ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_run_past_its_time_limit_is_stopped() {
        // A "test binary" (the grandchild `sleep`) that does not finish and
        // holds the output pipe open: the run must still end at the limit
        // and keep what was reported before it.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'test a ... ok'; sleep 120 & wait"]);
        let started = Instant::now();
        let run = run_command(cmd, Some(Duration::from_secs(1)), &mut |_| {}).unwrap();
        assert!(run.timed_out);
        assert_eq!(run.tally("a").passed, 1);
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "took {:?}",
            started.elapsed()
        );
    }
}
