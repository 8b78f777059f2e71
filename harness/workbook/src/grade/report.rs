//! What grading found, as data: one [`LearnerReport`] per checkout, written
//! as `results.json` (in the spirit of Exercism's test-runner
//! `results.json`: a status and message per exercise, and per test its name,
//! status, message and captured output).
//!
//! Statuses of a test: `pass`, `fail` (an assertion or a panic such as
//! `todo!()`), `timeout` (killed at the time limit: a hang or an endless
//! loop), `crash` (killed by a signal or exited oddly: abort, stack
//! overflow, `process::exit`) and `error` (it could not run: the exercise
//! does not compile). An exercise passes when all its tests pass; a learner
//! passes when all graded exercises do.

use serde::Serialize;

/// The version of the `results.json` layout.
pub const REPORT_VERSION: u32 = 1;

/// The outcome of one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every assertion held.
    Pass,
    /// An assertion failed or the code panicked.
    Fail,
    /// Still running at the time limit.
    Timeout,
    /// Ended by a signal or an unexpected exit code.
    Crash,
    /// Could not run (the exercise did not compile).
    Error,
}

impl Status {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Timeout => "timeout",
            Status::Crash => "crash",
            Status::Error => "error",
        }
    }
}

/// What the learner's checkout held for an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Submitted {
    /// A file that differs from the stub handed out.
    Changed,
    /// The stub, untouched.
    Untouched,
    /// No file: graded as the stub.
    Missing,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestReport {
    /// The libtest name, e.g. `rot13::rotates_the_alphabet`.
    pub name: String,
    /// Its outcome.
    pub status: Status,
    /// Why it did not pass (the panic message, the time limit, the signal).
    pub message: Option<String>,
    /// What the test printed, without libtest's own lines; capped.
    pub output: String,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
}

/// One exercise's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseReport {
    /// Two-digit chapter number.
    pub chapter: String,
    /// The exercise's name in `exercises.toml`.
    pub exercise: String,
    /// The file graded, relative to the checkout.
    pub file: String,
    /// What the checkout held.
    pub submitted: Submitted,
    /// `pass` when every test passed, else the worst test status.
    pub status: Status,
    /// Set when the exercise as a whole could not be graded (compiler errors).
    pub message: Option<String>,
    /// Every test of the exercise, in name order.
    pub tests: Vec<TestReport>,
}

/// Counts over a learner's tests and exercises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Exercises graded.
    pub exercises: usize,
    /// Exercises whose every test passed.
    pub solved: usize,
    /// Tests run (or that could not run).
    pub tests: usize,
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests killed at the time limit.
    pub timed_out: usize,
    /// Tests that crashed.
    pub crashed: usize,
    /// Tests that could not run.
    pub errors: usize,
}

/// Everything graded for one learner: the content of `results.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnerReport {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// The learner's name: their checkout's directory name.
    pub learner: String,
    /// `pass` when every exercise passed, `error` when nothing could be
    /// graded, else `fail`.
    pub status: Status,
    /// Set when the checkout could not be graded at all.
    pub message: Option<String>,
    /// Counts.
    pub totals: Totals,
    /// Per exercise, in the workbook's order.
    pub exercises: Vec<ExerciseReport>,
}

impl ExerciseReport {
    /// Sets the status from the tests: pass only with at least one test
    /// and all passing; otherwise the most serious failure.
    pub fn settle(&mut self) {
        let worst = self
            .tests
            .iter()
            .map(|t| t.status)
            .max_by_key(|s| severity(*s));
        self.status = match worst {
            None => Status::Error,
            Some(s) => s,
        };
    }
}

/// Error beats crash beats timeout beats fail beats pass: the summary shows
/// the thing an instructor most needs to look at.
fn severity(s: Status) -> u8 {
    match s {
        Status::Pass => 0,
        Status::Fail => 1,
        Status::Timeout => 2,
        Status::Crash => 3,
        Status::Error => 4,
    }
}

impl LearnerReport {
    /// A report from graded exercises, with totals and status computed.
    pub fn new(learner: &str, exercises: Vec<ExerciseReport>, message: Option<String>) -> Self {
        let mut totals = Totals {
            exercises: exercises.len(),
            solved: exercises
                .iter()
                .filter(|e| e.status == Status::Pass)
                .count(),
            ..Totals::default()
        };
        for t in exercises.iter().flat_map(|e| &e.tests) {
            totals.tests += 1;
            match t.status {
                Status::Pass => totals.passed += 1,
                Status::Fail => totals.failed += 1,
                Status::Timeout => totals.timed_out += 1,
                Status::Crash => totals.crashed += 1,
                Status::Error => totals.errors += 1,
            }
        }
        let status = if message.is_some() || exercises.is_empty() {
            Status::Error
        } else if totals.solved == totals.exercises {
            Status::Pass
        } else {
            Status::Fail
        };
        LearnerReport {
            version: REPORT_VERSION,
            learner: learner.to_owned(),
            status,
            message,
            totals,
            exercises,
        }
    }
}
