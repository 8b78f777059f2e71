//! Corpus cases: pure functions (URL parsing, encodings, rot13,
//! serialization) checked as stdin→stdout filters.
//!
//! Every directory `fixtures/corpus/<case>/` with a `case.toml` is a case:
//!
//! ```toml
//! description = "rot13: letters turned 13 places, everything else kept"
//! our_program = ["cargo", "run", "-q", "-p", "chapter-06", "--bin", "transform", "--", "rot13"]
//! mode = "whole"   # or "lines"
//! seed = "002 exercise 1 (rot13 filter)"   # optional: the --list header
//! ```
//!
//! and pairs `<name>.in` / `<name>.out`. The program runs once per `.in`
//! file with it as stdin. In `whole` mode its stdout must equal `.out` byte
//! for byte; in `lines` mode each input line is a separate test and output
//! line *k* must equal line *k* of `.out` (line endings included).
//! `fixtures/corpus/README.md` says the same for contributors.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

use super::{Case, CaseInfo, Check, Evidence, Role, Running, Session, shell};
use harness::failure::{bytes_mismatch, escape};

/// Time limit of each run of the program (one per input file).
pub const RUN_LIMIT: Duration = Duration::from_secs(20);
/// Failing lines described in full per input file (lines mode).
const SHOWN_LINES: usize = 5;

/// How a corpus compares output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CorpusMode {
    /// The whole stdout equals the `.out` file.
    #[default]
    Whole,
    /// One output line per input line, compared line by line.
    Lines,
}

impl CorpusMode {
    /// The mode's comparison as a rule of the contract.
    fn rule(self) -> &'static str {
        match self {
            CorpusMode::Whole => "writes exactly the .out file's bytes to stdout for each .in file",
            CorpusMode::Lines => {
                "writes, for input line k of each .in file, exactly line k of the .out file (line endings included)"
            }
        }
    }
}

/// The contents of `case.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseToml {
    description: String,
    #[serde(default)]
    our_program: Option<Vec<String>>,
    #[serde(default)]
    mode: CorpusMode,
    /// The seed program the corpus checks (`--list` groups by it).
    #[serde(default)]
    seed: Option<String>,
}

/// One corpus directory as a case.
#[derive(Debug, Clone)]
pub struct CorpusCase {
    name: String,
    dir: PathBuf,
    spec: CaseToml,
}

/// Every corpus case under `root/fixtures/corpus`, sorted by name.
pub fn discover(root: &Path) -> anyhow::Result<Vec<CorpusCase>> {
    let base = root.join("fixtures").join("corpus");
    let Ok(entries) = std::fs::read_dir(&base) else {
        return Ok(Vec::new());
    };
    let mut cases = Vec::new();
    for entry in entries {
        let dir = entry?.path();
        let toml_path = dir.join("case.toml");
        if !toml_path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&toml_path)
            .with_context(|| format!("reading {}", toml_path.display()))?;
        let spec: CaseToml =
            toml::from_str(&text).with_context(|| format!("parsing {}", toml_path.display()))?;
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        cases.push(CorpusCase { name, dir, spec });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

impl CorpusCase {
    /// The `.in` files, sorted, each with its `.out` file.
    fn pairs(&self) -> anyhow::Result<Vec<(String, PathBuf, PathBuf)>> {
        let mut pairs = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "in") {
                let stem = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                pairs.push((stem, path.with_extension("out"), path));
            }
        }
        pairs.sort();
        Ok(pairs)
    }

    /// Runs the program on one input and grades it.
    fn check_one(&self, session: &Session, name: &str, input: Vec<u8>, expected: &[u8]) -> Check {
        let limit = session.time_limit.min(RUN_LIMIT);
        let run = match Running::spawn(&session.program, &[], Some(input.clone()), limit) {
            Ok(running) => running.wait(),
            Err(e) => return Check::must(format!("{name}: runs"), false, e.to_string()),
        };
        let title = format!("{name}: output matches {name}.out");
        if !run.success() {
            let detail = format!("{}; stderr:\n{}", run.describe_exit(), run.stderr_tail(10));
            return Check::must(title, false, detail);
        }
        let detail = match self.spec.mode {
            CorpusMode::Whole => bytes_mismatch(expected, &run.stdout),
            CorpusMode::Lines => lines_mismatch(&input, expected, &run.stdout),
        };
        Check::must(title, run.stdout == expected, detail)
    }
}

/// Describes which lines differ, each with its input and a caret.
fn lines_mismatch(input: &[u8], expected: &[u8], actual: &[u8]) -> String {
    let split = |b: &[u8]| {
        b.split_inclusive(|&c| c == b'\n')
            .map(<[u8]>::to_vec)
            .collect::<Vec<_>>()
    };
    let (inputs, exp, act) = (split(input), split(expected), split(actual));
    let mut out = String::new();
    if exp.len() != act.len() {
        out.push_str(&format!(
            "expected {} lines, got {}\n",
            exp.len(),
            act.len()
        ));
    }
    let bad = (0..exp.len().max(act.len())).filter(|&i| exp.get(i) != act.get(i));
    for i in bad.take(SHOWN_LINES) {
        let input_line = inputs.get(i).map_or(String::new(), |l| escape(l));
        let (e, a) = (
            exp.get(i).map_or(&[][..], |v| v),
            act.get(i).map_or(&[][..], |v| v),
        );
        out.push_str(&format!(
            "line {} (input \"{input_line}\"): {}\n",
            i + 1,
            bytes_mismatch(e, a)
        ));
    }
    out
}

impl Case for CorpusCase {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: self.name.clone(),
            summary: self.spec.description.clone(),
            role: Role::Filter,
            peers: Vec::new(),
            time_limit: RUN_LIMIT,
            our_program: self.spec.our_program.clone(),
            contract: Default::default(),
        }
        .seed(self.spec.seed.as_deref().unwrap_or_default())
        .file(&format!(
            "fixtures/corpus/{}/*.in: the inputs, each given as stdin to one run",
            self.name
        ))
        .file(&format!(
            "fixtures/corpus/{}/*.out: the expected stdout of each",
            self.name
        ))
        .must(self.spec.mode.rule(), "the corpus's expected outputs")
        .must("exits with status 0 on each input", "the corpus contract")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let pairs = self.pairs()?;
        anyhow::ensure!(!pairs.is_empty(), "{} has no .in files", self.dir.display());
        let mut checks = Vec::new();
        for (name, out_path, in_path) in pairs {
            let input = std::fs::read(&in_path)
                .with_context(|| format!("reading {}", in_path.display()))?;
            let expected = std::fs::read(&out_path)
                .with_context(|| format!("reading {}", out_path.display()))?;
            checks.push(self.check_one(session, &name, input, &expected));
        }
        let command = shell::line(&session.program.argv);
        let dir = self.dir.strip_prefix(&session.root).unwrap_or(&self.dir);
        let reproduce = vec![format!("{command} < {}/<name>.in", dir.display())];
        Ok(Evidence {
            checks,
            reproduce,
            ..Evidence::default()
        })
    }
}
