//! The result of one conformance run: a readable text report and a JSON form
//! (`--json FILE`).
//!
//! The text lists every check as OK / NON-STRICT / FAILED with its reason,
//! then (when something is off) the diff of the normalised conversation
//! against the reference, the program's exit and stderr tail, how to
//! reproduce by hand, and the verdict. It holds no timings or temp paths, so
//! it is stable enough for snapshot tests once ports are redacted.
//! Chapters' tests assert on it with [`Report::assert_passes`] and
//! [`Report::assert_fails`], which print it when they panic.

use std::fmt::Write as _;

use anstyle::Style;
use serde::Serialize;

use super::{Check, Grade, Role, shell};
use harness::term;

/// Lines of the program's stderr shown in the report.
pub const STDERR_TAIL_LINES: usize = 20;
/// The most of the program's stdout and stderr each that the JSON report
/// keeps (the start of each; the program's output is captured up to
/// `harness::proc::CAPTURE_CAP`).
pub const OUTPUT_CAP: usize = 64 << 10;

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every check OK.
    Pass,
    /// No FAILED, some NON-STRICT: a pass with a warning.
    PassWithWarnings,
    /// At least one FAILED.
    Fail,
}

impl Verdict {
    /// Whether the exit status should be 0.
    pub fn passed(self) -> bool {
        self != Verdict::Fail
    }
}

/// Everything one run of one case produced.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The case name.
    pub case: String,
    /// The program's role.
    pub role: Role,
    /// The command as given (placeholders not substituted).
    pub command: Vec<String>,
    /// What the harness runs or does opposite the program.
    pub peers: Vec<String>,
    /// The graded checks.
    pub checks: Vec<Check>,
    /// Diff of the normalised conversation/outcome against the reference.
    pub diff: Option<String>,
    /// How the program ended ("exit status 0").
    pub exit: Option<String>,
    /// The last lines of the program's stderr.
    pub stderr_tail: String,
    /// What the program wrote on stdout, up to [`OUTPUT_CAP`] bytes (JSON
    /// only: a client case's failure shows the line that matters).
    pub stdout: String,
    /// What the program wrote on stderr, up to [`OUTPUT_CAP`] bytes (JSON
    /// only; the text shows [`Report::stderr_tail`]).
    pub stderr: String,
    /// Commands to reproduce by hand.
    pub reproduce: Vec<String>,
    /// The fault seed, if any.
    pub seed: Option<u64>,
    /// The verdict.
    pub verdict: Verdict,
    /// Wall time of the program, in milliseconds (JSON only).
    pub elapsed_ms: Option<u128>,
}

/// The verdict of a list of checks.
pub fn verdict(checks: &[Check]) -> Verdict {
    match checks.iter().map(|c| c.grade).max() {
        Some(Grade::Failed) => Verdict::Fail,
        Some(Grade::NonStrict) => Verdict::PassWithWarnings,
        _ => Verdict::Pass,
    }
}

fn style(grade: Grade) -> Style {
    match grade {
        Grade::Ok => term::OK,
        Grade::NonStrict => term::WARN,
        Grade::Failed => term::FAIL,
    }
}

/// Indents every line of `text` by `n` spaces.
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

/// `bytes` as text (invalid UTF-8 replaced), cut at [`OUTPUT_CAP`] with a
/// note saying how much was left out.
pub fn capped_output(bytes: &[u8]) -> String {
    if bytes.len() <= OUTPUT_CAP {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let kept = String::from_utf8_lossy(&bytes[..OUTPUT_CAP]);
    format!(
        "{kept}\n[... {} more bytes not kept]",
        bytes.len() - OUTPUT_CAP
    )
}

impl Report {
    /// Renders the report; ANSI styles are included and are stripped by
    /// `anstream` when the output is not a terminal.
    pub fn render(&self) -> String {
        let mut out = format!("conform {}: `{}`\n", self.case, shell::line(&self.command));
        let role = match self.role {
            Role::Client => "your program is the client",
            Role::Server => "your program is the server",
            Role::Filter => "your program filters stdin to stdout",
        };
        let opposite = match self.peers.as_slice() {
            [] => String::new(),
            peers => format!("; opposite it: {}", peers.join(", ")),
        };
        let _ = writeln!(
            out,
            "{}\n",
            term::paint(term::DIM, format!("{role}{opposite}"))
        );
        for check in &self.checks {
            let s = style(check.grade);
            let label = format!("{:<10}", check.grade.label());
            let _ = writeln!(out, "  {s}{label}{s:#}  {}", check.name);
            out.push_str(&indent(&check.detail, 14));
        }
        if self.verdict != Verdict::Pass {
            self.render_evidence(&mut out);
        }
        let (s, text) = match self.verdict {
            Verdict::Pass => (style(Grade::Ok), "PASS".to_string()),
            Verdict::PassWithWarnings => (
                style(Grade::NonStrict),
                self.count_text("PASS with warnings"),
            ),
            Verdict::Fail => (style(Grade::Failed), self.count_text("FAIL")),
        };
        let _ = writeln!(out, "\n{s}{text}{s:#}");
        out
    }

    /// [`Report::render`] without colours: for a panic message or a file.
    pub fn render_plain(&self) -> String {
        anstream::adapter::strip_str(&self.render()).to_string()
    }

    /// Panics with the readable report unless the run passed with every
    /// check OK (so it also matched the reference): what a chapter's test
    /// asserts of a program that should conform.
    #[track_caller]
    pub fn assert_passes(&self) -> &Self {
        if self.verdict != Verdict::Pass {
            panic!(
                "conform {} did not pass:\n{}",
                self.case,
                self.render_plain()
            );
        }
        self
    }

    /// Panics with the readable report unless a check FAILED: what a test
    /// asserts of a program that does the wrong job, to show the case can
    /// tell.
    #[track_caller]
    pub fn assert_fails(&self) -> &Self {
        if self.verdict != Verdict::Fail {
            panic!(
                "conform {} did not fail:\n{}",
                self.case,
                self.render_plain()
            );
        }
        self
    }

    /// The names of the FAILED checks, in order.
    pub fn failed_checks(&self) -> Vec<&str> {
        let failed = self.checks.iter().filter(|c| c.grade == Grade::Failed);
        failed.map(|c| c.name.as_str()).collect()
    }

    fn count_text(&self, head: &str) -> String {
        let count = |g: Grade| self.checks.iter().filter(|c| c.grade == g).count();
        format!(
            "{head}: {} OK, {} NON-STRICT, {} FAILED",
            count(Grade::Ok),
            count(Grade::NonStrict),
            count(Grade::Failed)
        )
    }

    fn render_evidence(&self, out: &mut String) {
        if let Some(diff) = self.diff.as_deref().filter(|d| !d.is_empty()) {
            out.push_str("\ndifferences from the reference (normalised):\n");
            out.push_str(&indent(diff, 2));
        }
        if let Some(exit) = &self.exit {
            let _ = writeln!(out, "\nthe program ended with: {exit}");
        }
        if !self.stderr_tail.trim().is_empty() {
            let _ = writeln!(out, "its stderr (last {STDERR_TAIL_LINES} lines):");
            out.push_str(&indent(&self.stderr_tail, 2));
        }
        if !self.reproduce.is_empty() {
            out.push_str("\nto reproduce by hand:\n");
            for line in &self.reproduce {
                out.push_str(&indent(line, 2));
            }
        }
        if let Some(seed) = self.seed {
            let _ = writeln!(out, "fault seed: {seed}");
        }
    }
}
