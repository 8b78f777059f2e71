//! # Conformance
//!
//! Checking a program in any language against the workbook's reference
//! behaviour (`cargo workbook conform`, DESIGN.md §6). Built on the
//! `harness` package (its fake peers, transcripts and process runner); the
//! `workbook` command and the chapters' `tests/conform.rs` drive it.
//!
//! A [`Case`] says what the program must do (be a client of a fake peer, be a
//! server the harness connects to, or filter stdin to stdout) and grades what
//! it did as a list of [`Check`]s: OK, NON-STRICT (a SHOULD broken: a pass
//! with a warning) or FAILED (a MUST broken), the way the Autobahn and h2spec
//! suites grade. The [`runner`] then compares the run with
//! `fixtures/reference/<case>/`, by protocol meaning rather than incidental
//! bytes, and builds a [`report::Report`].
//!
//! # Layout
//! - this file: [`Grade`], [`Check`], [`Role`], [`CaseInfo`], the [`Case`] trait,
//!   [`Session`] (with the constructors and assertions chapter tests use)
//!   and [`Evidence`]. The program itself is run by `harness::proc`
//!   (re-exported here: [`Program`], [`Running`], [`ProgramRun`]).
//! - [`client`]: the harness's recorded line client, for server cases.
//! - [`runner`]: one case from start to report; [`reference`](mod@reference): reading,
//!   writing and normalising reference directories.
//! - [`report`]: the readable report and its JSON form; [`shell`]: command
//!   lines quoted as a shell reads them (report headers, reproduce lines).
//! - [`corpus`]: stdin→stdout cases from `fixtures/corpus/<case>/`.
//! - [`contract`](mod@contract): a case's whole contract as data, and its
//!   text for `--describe` and the implementers' book pages.
//! - [`cases`]: the registry and the built-in cases, one file each; what
//!   several cases share is in `cases/common/`, which imports no case.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use harness::transcript::Transcript;

pub mod cases;
pub mod client;
pub mod contract;
pub mod corpus;
pub mod reference;
pub mod report;
pub mod runner;
pub mod shell;

pub use harness::proc::{Endpoint, Program, ProgramRun, Running};

/// The grade of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Grade {
    /// Behaved as the reference does.
    #[serde(rename = "OK")]
    Ok,
    /// Broke a SHOULD: still a pass, with a warning.
    #[serde(rename = "NON-STRICT")]
    NonStrict,
    /// Broke a MUST.
    #[serde(rename = "FAILED")]
    Failed,
}

impl Grade {
    /// `OK`, `NON-STRICT` or `FAILED`.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Ok => "OK",
            Grade::NonStrict => "NON-STRICT",
            Grade::Failed => "FAILED",
        }
    }
}

/// One graded check with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked, as a sentence about the program ("sends the line").
    pub name: String,
    /// How it went.
    pub grade: Grade,
    /// Why, when not OK (expected vs actual, hints); may be several lines.
    pub detail: String,
}

impl Check {
    /// A check that passed.
    pub fn ok(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            grade: Grade::Ok,
            detail: String::new(),
        }
    }

    /// A MUST: OK when `passed`, else FAILED with `detail`.
    pub fn must(name: impl Into<String>, passed: bool, detail: impl Into<String>) -> Self {
        Self::graded(name, passed, Grade::Failed, detail)
    }

    /// A SHOULD: OK when `passed`, else NON-STRICT with `detail`.
    pub fn should(name: impl Into<String>, passed: bool, detail: impl Into<String>) -> Self {
        Self::graded(name, passed, Grade::NonStrict, detail)
    }

    fn graded(
        name: impl Into<String>,
        passed: bool,
        bad: Grade,
        detail: impl Into<String>,
    ) -> Self {
        let (grade, detail) = if passed {
            (Grade::Ok, String::new())
        } else {
            (bad, detail.into())
        };
        Self {
            name: name.into(),
            grade,
            detail,
        }
    }
}

/// What the program under test plays in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// It connects to peers the harness runs.
    Client,
    /// It listens on `{port}`; the harness connects to it.
    Server,
    /// It reads stdin and writes stdout (a corpus case).
    Filter,
}

/// What `conform --list` shows about a case, and how to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInfo {
    /// The case name (`echo-client`).
    pub name: String,
    /// One line about what the program must do.
    pub summary: String,
    /// The program's role.
    pub role: Role,
    /// The fake peers the harness starts (for a client), by name.
    pub peers: Vec<String>,
    /// The whole case's time limit.
    pub time_limit: Duration,
    /// Our own reference program, run from the workspace root when no
    /// command is given.
    pub our_program: Option<Vec<String>>,
    /// The rest of the contract: seed program, variables, files, rules
    /// (filled in with [`CaseInfo::must`] and friends; see [`contract`]).
    pub contract: contract::Contract,
}

/// What a case gets to run with.
#[derive(Debug, Clone)]
pub struct Session {
    /// The program under test.
    pub program: Program,
    /// The time limit for this run (the case's, unless overridden).
    pub time_limit: Duration,
    /// The workspace root (for fixtures).
    pub root: PathBuf,
}

impl Session {
    /// A session for a chapter's test: `argv` (placeholders allowed) run
    /// with `time_limit`, against the workbook the test belongs to (found
    /// above the current directory, which cargo sets to the package's).
    ///
    /// # Panics
    /// When no workbook is found there: the test cannot run at all.
    pub fn for_test(argv: &[&str], time_limit: Duration) -> Session {
        let here = std::env::current_dir().expect("a current directory");
        let root = harness::workspace::Workspace::discover(&here)
            .expect("the test runs inside the workbook")
            .root;
        Session {
            program: Program {
                argv: argv.iter().map(|a| a.to_string()).collect(),
                cwd: None,
            },
            time_limit,
            root: root.canonicalize().unwrap_or(root),
        }
    }

    /// [`Session::for_test`] for the package's binary `bin` (built by cargo
    /// for the test) with `args`.
    pub fn for_bin(bin: &str, args: &[&str], time_limit: Duration) -> Session {
        let path = assert_cmd::cargo::cargo_bin(bin).display().to_string();
        let mut argv = vec![path.as_str()];
        argv.extend_from_slice(args);
        Session::for_test(&argv, time_limit)
    }

    /// Runs the registered case `name` in this session, comparing the run
    /// with the case's reference.
    pub fn check(&self, name: &str) -> anyhow::Result<report::Report> {
        let case = cases::find(&self.root, name)?;
        runner::run(case.as_ref(), self, runner::Mode::Compare)
    }

    /// [`Session::check`] in a test: the report, whatever its verdict.
    ///
    /// # Panics
    /// When the case cannot run at all (no such case, no reference to read).
    #[track_caller]
    pub fn report(&self, name: &str) -> report::Report {
        self.check(name)
            .unwrap_or_else(|e| panic!("conform {name} could not run: {e:#}"))
    }

    /// Runs the case `name` and panics with its readable report unless
    /// every check is OK ([`report::Report::assert_passes`]); the report.
    #[track_caller]
    pub fn assert_passes(&self, name: &str) -> report::Report {
        let report = self.report(name);
        report.assert_passes();
        report
    }
}

/// What a case observed and concluded.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The graded checks, in the order they were made.
    pub checks: Vec<Check>,
    /// The conversation, when the case has one.
    pub transcript: Option<Transcript>,
    /// Normalised outcome values compared with `expected.toml` (e.g. what
    /// the program printed), when the case has any.
    pub outcome: toml::Table,
    /// How the program ended and what it wrote.
    pub run: Option<ProgramRun>,
    /// Commands to reproduce the run by hand.
    pub reproduce: Vec<String>,
    /// The fault seed, if faults were injected.
    pub seed: Option<u64>,
}

/// A conformance case. Adding one is a file under `conform/cases/` and one
/// line in [`cases::builtin`].
pub trait Case: Send + Sync {
    /// Name, summary, role, peers, time limit, our program.
    fn info(&self) -> CaseInfo;

    /// Runs the program as the case requires and grades it.
    fn run(&self, session: &Session) -> anyhow::Result<Evidence>;

    /// The transcript reduced to what it means, for comparison with the
    /// reference: by default the line view of [`reference::line_view`].
    fn normalise(&self, transcript: &Transcript) -> String {
        reference::line_view(transcript)
    }
}
