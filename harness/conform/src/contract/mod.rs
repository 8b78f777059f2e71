//! A case's whole contract as data: which seed program it stands for, the
//! variables and files the program gets, and every rule it is graded on
//! (MUST or SHOULD, with the RFC section or seed behaviour behind it).
//!
//! The same data prints `conform --list` (grouped by seed program),
//! `conform --describe CASE` and the book's implementers' pages
//! ([`describe`]), so what a page says and what the code checks cannot
//! drift apart: a test regenerates the pages and compares.
//!
//! # Layout
//! - this file: [`Contract`], [`Variable`], [`Rule`], [`Level`] (the data,
//!   filled in by each case's `info()` with the builder methods of
//!   [`crate::CaseInfo`]), [`describe`] (the contract as text) and
//!   [`grouped`] (cases by seed program).
//! - `book`: the implementers' part of the book from the same data:
//!   [`markdown`] (one case's page), [`index`], [`pages`], [`summary_part`].

use std::fmt::Write as _;

use crate::{CaseInfo, Role};

mod book;
pub use book::{index, markdown, pages, summary_part};

/// How strongly a rule binds (RFC 2119 words, as the report grades them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Broken: FAILED.
    Must,
    /// Broken: NON-STRICT (a pass with a warning).
    Should,
}

/// One rule a case grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// MUST or SHOULD.
    pub level: Level,
    /// What the program does, as a sentence ("answers each line with …").
    pub text: String,
    /// Where the rule comes from: an RFC section, or the seed program.
    pub source: String,
}

/// One environment variable the harness sets for the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// `SMTP_HOST`.
    pub name: String,
    /// What it holds.
    pub meaning: String,
    /// An example value.
    pub example: String,
}

/// What `--describe` prints beyond [`CaseInfo`]'s first fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contract {
    /// The seed program this case checks ("000 server (TCP, fixed reply)");
    /// `--list` groups by it. Empty: a case of the workbook's own.
    pub seed: String,
    /// Variables beyond `WORKBOOK_HOST`/`WORKBOOK_PORT`.
    pub variables: Vec<Variable>,
    /// Files the program reads or writes, and store layouts.
    pub files: Vec<String>,
    /// Every rule graded, in the order the case checks them.
    pub rules: Vec<Rule>,
}

/// The group header of cases without a seed program of their own.
pub const NO_SEED: &str = "the workbook's own cases (no single seed program)";

impl CaseInfo {
    /// Names the seed program this case checks.
    pub fn seed(mut self, seed: &str) -> Self {
        self.contract.seed = seed.into();
        self
    }

    /// Adds a variable the program gets.
    pub fn var(mut self, name: &str, meaning: &str, example: &str) -> Self {
        self.contract.variables.push(Variable {
            name: name.into(),
            meaning: meaning.into(),
            example: example.into(),
        });
        self
    }

    /// Adds a file (or store layout) line.
    pub fn file(mut self, line: &str) -> Self {
        self.contract.files.push(line.into());
        self
    }

    /// Adds a MUST, citing `source`.
    pub fn must(self, text: &str, source: &str) -> Self {
        self.rule(Level::Must, text, source)
    }

    /// Adds a SHOULD, citing `source`.
    pub fn should(self, text: &str, source: &str) -> Self {
        self.rule(Level::Should, text, source)
    }

    fn rule(mut self, level: Level, text: &str, source: &str) -> Self {
        self.contract.rules.push(Rule {
            level,
            text: text.into(),
            source: source.into(),
        });
        self
    }

    /// The `--list` group header: the seed program, or [`NO_SEED`].
    pub fn group(&self) -> &str {
        if self.contract.seed.is_empty() {
            NO_SEED
        } else {
            &self.contract.seed
        }
    }
}

/// The role as a word and what it means for the program.
fn role_line(role: Role) -> &'static str {
    match role {
        Role::Client => "client: your program connects to peers the harness runs",
        Role::Server => "server: your program listens on {port} of 127.0.0.1; the harness connects",
        Role::Filter => {
            "filter: your program reads stdin and writes stdout (no network), once per input"
        }
    }
}

/// The variables every case gets, by role.
fn standard_variables(role: Role) -> Vec<Variable> {
    let (host, port) = match role {
        Role::Filter => return Vec::new(),
        Role::Client => ("the peer's address", "the peer's port"),
        Role::Server => ("the address to listen on", "the port to listen on"),
    };
    let v = |name: &str, meaning: &str, example: &str| Variable {
        name: name.into(),
        meaning: format!(
            "{meaning} (also the placeholder {example_ph} in the arguments)",
            example_ph = if name.ends_with("HOST") {
                "{host}"
            } else {
                "{port}"
            }
        ),
        example: example.into(),
    };
    vec![
        v("WORKBOOK_HOST", host, "127.0.0.1"),
        v("WORKBOOK_PORT", port, "40123"),
    ]
}

/// The whole contract of `info` as plain text (`conform --describe`).
pub fn describe(info: &CaseInfo) -> String {
    let mut out = String::new();
    let c = &info.contract;
    let _ = writeln!(out, "case: {}", info.name);
    let _ = writeln!(out, "seed program: {}", info.group());
    let _ = writeln!(out, "role: {}", role_line(info.role));
    let _ = writeln!(out, "summary: {}", info.summary);
    let started = if info.peers.is_empty() {
        "nothing (your program alone)".to_string()
    } else {
        info.peers.join("; ")
    };
    let _ = writeln!(out, "the harness starts: {started}");
    // A corpus case runs the program once per input, each run limited.
    let per = match info.role {
        Role::Filter => "each run",
        Role::Client | Role::Server => "the whole run",
    };
    let _ = writeln!(
        out,
        "time limit: {} s for {per}; every read the harness makes ends by then, and your program's process group is killed at the end",
        info.time_limit.as_secs_f64()
    );
    out.push_str("\nvariables:\n");
    let vars: Vec<Variable> = standard_variables(info.role)
        .into_iter()
        .chain(c.variables.iter().cloned())
        .collect();
    if vars.is_empty() {
        out.push_str("  (none)\n");
    }
    for v in &vars {
        let _ = writeln!(out, "  {}: {} (e.g. {})", v.name, v.meaning, v.example);
    }
    out.push_str("\nfiles:\n");
    if c.files.is_empty() {
        out.push_str("  (none)\n");
    }
    for f in &c.files {
        let _ = writeln!(out, "  {f}");
    }
    out.push_str("\nchecked (MUST broken: FAILED; SHOULD broken: NON-STRICT, still a pass):\n");
    for r in &c.rules {
        let word = match r.level {
            Level::Must => "MUST  ",
            Level::Should => "SHOULD",
        };
        let _ = writeln!(out, "  {word} {} [{}]", r.text, r.source);
    }
    if info.role != Role::Filter {
        out.push_str(
            "  and the run is compared with fixtures/reference/<case>/ by protocol meaning\n",
        );
    }
    out.push_str("\nreproduce:\n");
    let _ = writeln!(
        out,
        "  cargo workbook conform {} -- <your command> [args…]",
        info.name
    );
    if let Some(ours) = &info.our_program {
        let _ = writeln!(
            out,
            "  cargo workbook conform {}    # our reference program: {}",
            info.name,
            harness::proc::shell_line(ours)
        );
    }
    out.push_str(
        "  (every report ends with the exact commands that repeat its run by hand: the peer, your program, nc or curl)\n",
    );
    out
}

/// `infos` grouped by seed program, groups in order of first appearance
/// (the seed-less group last), cases in listing order.
pub fn grouped(infos: &[CaseInfo]) -> Vec<(String, Vec<&CaseInfo>)> {
    let mut groups: Vec<(String, Vec<&CaseInfo>)> = Vec::new();
    for info in infos {
        match groups.iter_mut().find(|(g, _)| g == info.group()) {
            Some((_, cases)) => cases.push(info),
            None => groups.push((info.group().to_string(), vec![info])),
        }
    }
    groups.sort_by_key(|(g, _)| (g == NO_SEED, g.clone()));
    groups
}
