//! `workbook verify --mutants`: the tests catch the mistakes they name.
//!
//! A mutant is a reference solution with one typical mistake planted in it,
//! written as a `find` → `replace` edit of the solution (so the fixture does
//! not copy the solution and goes stale loudly when the solution changes):
//! `fixtures/mutants/chapter-NN/<exercise>.toml` lists an exercise's mutants,
//! each with the mistake in words, the test that must catch it, and text its
//! failure must show.
//!
//! Each mutant is graded as a learner's file would be (`workbook grade`'s
//! grading copy, each test alone with a time limit), and must:
//! - compile, and fail the test it names (an assertion or a panic; a time
//!   out does not count), within [`QUICK`];
//! - fail readably: the message shows every `shows` text, and no byte array
//!   printed as decimal numbers;
//! - where the entry names a `book` file, print exactly the failure kept
//!   there (the book shows it as what a learner sees; `WORKBOOK_UPDATE_GOLDEN=1`
//!   rewrites it).
//!
//! One round grades at most one mutant per exercise (mutants of different
//! exercises live side by side), so the number of builds is the largest
//! number of mutants any exercise has, per chapter.
//!
//! # Layout
//! [`Mutant`] and [`load`] (the fixtures, applied to the solutions);
//! [`run`] (the rounds, the verdicts, the table); [`judge`] and
//! [`decimal_array`] (the rules for one failure).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::mistakes::Claim;
use crate::grade::report::{Status, TestReport};
use crate::grade::{Grader, Learner, Options};
use crate::progress::Progress;
use harness::term::{BOLD, FAIL, OK, paint};
use harness::workspace::{CHAPTERS, Workspace};

/// The longest a mutant may take to fail its test: a wrong answer is
/// reported quickly, not after a timeout expires.
pub const QUICK: Duration = Duration::from_secs(5);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    mutant: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    mistake: String,
    #[serde(default)]
    entry: Option<String>,
    caught_by: String,
    #[serde(default)]
    shows: Vec<String>,
    #[serde(default)]
    book: Option<PathBuf>,
    find: String,
    replace: String,
}

/// One planted mistake, ready to grade.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The chapter, two digits.
    pub chapter: &'static str,
    /// The exercise it is a wrong answer to.
    pub exercise: String,
    /// The mistake, in words.
    pub mistake: String,
    /// The title of the "Common mistakes" entry it proves, if any.
    pub entry: Option<String>,
    /// The test that must catch it (`name::test`).
    pub caught_by: String,
    /// Text the failure must show (the expected and the actual value, …).
    pub shows: Vec<String>,
    /// A file (from the workspace root) that keeps the failure as the book
    /// shows it, which the test's output must match.
    pub book: Option<PathBuf>,
    /// The solution with the mistake planted.
    pub source: String,
}

/// Every mutant of the workbook, applied to its solution; an edit that
/// does not apply (its `find` text missing, or there more than once) is an
/// error naming the fixture.
pub fn load(ws: &Workspace) -> Result<Vec<Mutant>> {
    let mut all = Vec::new();
    for nn in CHAPTERS {
        let dir = ws.fixtures_dir().join(format!("mutants/chapter-{nn}"));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        {
            let exercise = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            all.extend(load_file(ws, nn, &exercise, path)?);
        }
    }
    Ok(all)
}

fn load_file(ws: &Workspace, nn: &'static str, exercise: &str, path: &Path) -> Result<Vec<Mutant>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: File = toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
    let solution_path = ws.solutions_dir(nn).join(format!("{exercise}.rs"));
    let solution = std::fs::read_to_string(&solution_path).with_context(|| {
        format!(
            "{}: no solution {}",
            path.display(),
            solution_path.display()
        )
    })?;
    let mut out = Vec::new();
    for entry in file.mutant {
        let found = solution.matches(&entry.find).count();
        if found != 1 {
            bail!(
                "{}: the mutant {:?} edits {:?}, found {found} times in {} (it must be there once)",
                path.display(),
                entry.mistake,
                entry.find,
                solution_path.display()
            );
        }
        if !entry.caught_by.starts_with(&format!("{exercise}::")) {
            bail!(
                "{}: {:?} is not one of {exercise}'s tests (`{exercise}::…`)",
                path.display(),
                entry.caught_by
            );
        }
        out.push(Mutant {
            chapter: nn,
            exercise: exercise.to_string(),
            source: solution.replacen(&entry.find, &entry.replace, 1),
            mistake: entry.mistake,
            entry: entry.entry,
            caught_by: entry.caught_by,
            shows: entry.shows,
            book: entry.book.map(|p| ws.root.join(p)),
        });
    }
    Ok(out)
}

/// What became of one mutant.
struct Verdict {
    mutant: Mutant,
    /// `None` when it was caught as it should be; else why not.
    problem: Option<String>,
    took: Option<Duration>,
}

/// Grades every mutant (of chapter `only`, if given) in `work_dir` (a
/// grading copy, kept between runs); prints a table and the violations, and
/// exits 1 on any.
pub fn run(ws: &Workspace, work_dir: &Path, only: Option<&str>) -> Result<ExitCode> {
    let started = Instant::now();
    let mut mutants = load(ws)?;
    mutants.retain(|m| only.is_none_or(|nn| m.chapter == nn));
    if mutants.is_empty() {
        bail!(
            "no mutants under {}",
            ws.fixtures_dir().join("mutants").display()
        );
    }
    // Before building: what is missing is known at once.
    let gaps = gaps(ws, &mutants, only)?;
    print_gaps(&gaps);
    let mut verdicts = Vec::new();
    for (chapter, rounds) in rounds(&mutants) {
        for (k, round) in rounds.iter().enumerate() {
            let label = format!("chapter {chapter}, round {}/{}", k + 1, rounds.len());
            verdicts.extend(grade_round(ws, work_dir, chapter, round, &label)?);
        }
    }
    let graded = print(&verdicts, started.elapsed());
    print_gaps(&gaps);
    Ok(if gaps.is_empty() {
        graded
    } else {
        ExitCode::FAILURE
    })
}

/// The "Common mistakes" entries that `mutants` (of chapter `only`, or
/// all) leave unproved, and the mutants that point at no entry (see
/// [`super::mistakes`]).
pub fn gaps(ws: &Workspace, mutants: &[Mutant], only: Option<&str>) -> Result<Vec<String>> {
    let claims: Vec<Claim<'_>> = mutants
        .iter()
        .map(|m| Claim {
            chapter: m.chapter,
            exercise: &m.exercise,
            mistake: &m.mistake,
            entry: m.entry.as_deref(),
            caught_by: &m.caught_by,
        })
        .collect();
    super::mistakes::uncovered(ws, &claims, only)
}

/// The "Common mistakes" entries no mutant proves (see [`super::mistakes`]).
fn print_gaps(gaps: &[String]) {
    if gaps.is_empty() {
        return;
    }
    anstream::println!(
        "{}",
        paint(
            FAIL,
            format!(
                "verify --mutants: {} claims of {} without a mutant:",
                gaps.len(),
                super::mistakes::PAGE
            )
        )
    );
    for gap in gaps {
        anstream::println!("- {gap}");
    }
}

/// Per chapter, the rounds: round k holds the k-th mutant of each exercise.
fn rounds(mutants: &[Mutant]) -> BTreeMap<&'static str, Vec<Vec<Mutant>>> {
    let mut out: BTreeMap<&'static str, Vec<Vec<Mutant>>> = BTreeMap::new();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for m in mutants {
        let k = seen.entry((m.chapter, &m.exercise)).or_default();
        let rounds = out.entry(m.chapter).or_default();
        if rounds.len() <= *k {
            rounds.push(Vec::new());
        }
        rounds[*k].push(m.clone());
        *k += 1;
    }
    out
}

fn grade_round(
    ws: &Workspace,
    work_dir: &Path,
    chapter: &'static str,
    round: &[Mutant],
    label: &str,
) -> Result<Vec<Verdict>> {
    let progress = Progress::spinner(format!("mutants: {label}"));
    let checkout = tempfile::tempdir().context("cannot make a temporary directory")?;
    for m in round {
        let file = checkout.path().join(format!(
            "chapters/chapter-{chapter}/src/exercises/{}.rs",
            m.exercise
        ));
        std::fs::create_dir_all(file.parent().expect("a file in a directory"))?;
        std::fs::write(&file, &m.source)?;
    }
    let opts = Options {
        chapters: vec![chapter],
        exercises: round.iter().map(|m| m.exercise.clone()).collect(),
        // Long enough to tell a slow failure (over QUICK) from a hang.
        timeout: QUICK * 3,
        build_timeout: Duration::from_secs(900),
        jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
        output_limit: 16 << 10,
        memory_limit: Some(4 << 30),
        work_dir: work_dir.to_path_buf(),
    };
    let grader = Grader::new(ws, &opts)?;
    let learner = Learner {
        name: "mutants".into(),
        root: checkout.path().to_path_buf(),
    };
    let report = grader.grade(&learner, &|what| progress.update(what.to_string()));
    Ok(round
        .iter()
        .map(|m| {
            let test = report
                .exercises
                .iter()
                .filter(|e| e.exercise == m.exercise)
                .flat_map(|e| &e.tests)
                .find(|t| t.name == m.caught_by);
            let build = report
                .exercises
                .iter()
                .find(|e| e.exercise == m.exercise)
                .and_then(|e| e.message.clone());
            let (problem, took) = match test {
                Some(t) => (
                    judge(m, t).or_else(|| book_copy_differs(m, t)),
                    Some(Duration::from_millis(t.duration_ms)),
                ),
                None => (
                    Some(match build {
                        Some(message) => format!("it was not graded: {message}"),
                        None => format!("no test {} ran", m.caught_by),
                    }),
                    None,
                ),
            };
            Verdict {
                mutant: m.clone(),
                problem,
                took,
            }
        })
        .collect())
}

/// Why `test`'s result does not catch `m` as it should; `None` if it does.
pub fn judge(m: &Mutant, test: &TestReport) -> Option<String> {
    let message = test.message.clone().unwrap_or_default();
    match test.status {
        Status::Fail | Status::Crash => {}
        Status::Pass => return Some(format!("{} passes with this mistake", m.caught_by)),
        Status::Timeout => {
            return Some(format!("{} catches it only by timing out", m.caught_by));
        }
        Status::Error => return Some(format!("the mutant does not compile: {message}")),
    }
    if Duration::from_millis(test.duration_ms) > QUICK {
        return Some(format!(
            "{} took {} ms to fail (at most {} s)",
            m.caught_by,
            test.duration_ms,
            QUICK.as_secs()
        ));
    }
    let text = format!("{message}\n{}", test.output);
    if let Some(missing) = m.shows.iter().find(|s| !text.contains(s.as_str())) {
        return Some(format!("its failure does not show {missing:?}:\n{message}"));
    }
    if let Some(array) = decimal_array(&text) {
        return Some(format!(
            "its failure prints bytes as numbers ({array}…):\n{message}"
        ));
    }
    None
}

/// Whether `m`'s failure differs from the copy the book shows (if it has one).
fn book_copy_differs(m: &Mutant, test: &TestReport) -> Option<String> {
    let path = m.book.as_ref()?;
    harness::golden::check_golden(path, as_the_learner_sees_it(&test.output).as_bytes())
        .err()
        .map(|failure| format!("its failure is not the one the book shows: {failure}"))
}

/// A failed test's output as `cargo test` shows it, without what changes
/// from run to run or machine to machine: the thread's id that recent
/// toolchains print (`thread 'x' (12345) panicked`), and the note or the
/// backtrace that depends on `RUST_BACKTRACE`.
pub fn as_the_learner_sees_it(output: &str) -> String {
    let mut lines = Vec::new();
    for line in output.trim_start_matches('\n').lines() {
        if line.starts_with("note: run with `RUST_BACKTRACE") || line == "stack backtrace:" {
            break;
        }
        lines.push(
            match line
                .strip_prefix("thread '")
                .and_then(|r| r.split_once("' ("))
            {
                Some((name, rest)) if rest.contains(") panicked at ") => {
                    let after = &rest[rest.find(") panicked at ").unwrap_or(0) + 2..];
                    format!("thread '{name}' {after}")
                }
                _ => line.to_string(),
            },
        );
    }
    let text = lines.join("\n");
    format!("{}\n", text.trim_end())
}

/// The start of a list of three or more decimal numbers (`[104, 101, 108`),
/// as `assert_eq!` prints bytes, if `text` has one.
pub fn decimal_array(text: &str) -> Option<&str> {
    text.match_indices('[').find_map(|(at, _)| {
        let mut rest = &text[at + 1..];
        for n in 0..3 {
            rest = rest.trim_start();
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 3 {
                return None;
            }
            rest = &rest[digits..];
            if n < 2 {
                rest = rest.trim_start().strip_prefix(',')?;
            }
        }
        Some(&text[at..text.len() - rest.len()])
    })
}

fn print(verdicts: &[Verdict], took: Duration) -> ExitCode {
    anstream::println!(
        "{}",
        paint(
            BOLD,
            format!(
                "{:<7} {:<18} {:<44} {:>6}  verdict",
                "chapter", "exercise", "mistake", "ms"
            )
        )
    );
    for v in verdicts {
        let m = &v.mutant;
        let ms = v.took.map_or("-".into(), |t| t.as_millis().to_string());
        let verdict = match v.problem {
            None => paint(OK, "caught"),
            Some(_) => paint(FAIL, "MISSED"),
        };
        let mistake: String = m.mistake.chars().take(44).collect();
        anstream::println!(
            "{:<7} {:<18} {mistake:<44} {ms:>6}  {verdict}",
            m.chapter,
            m.exercise
        );
    }
    let slowest = verdicts
        .iter()
        .filter_map(|v| v.took)
        .max()
        .unwrap_or_default();
    let problems: Vec<&Verdict> = verdicts.iter().filter(|v| v.problem.is_some()).collect();
    anstream::println!();
    if problems.is_empty() {
        anstream::println!(
            "{} {} mutants, each caught by the test that names it; slowest {} ms; {} s in all.",
            paint(OK, "verify --mutants: ok:"),
            verdicts.len(),
            slowest.as_millis(),
            took.as_secs()
        );
        return ExitCode::SUCCESS;
    }
    anstream::println!(
        "{}",
        paint(
            FAIL,
            format!(
                "verify --mutants: {} of {} not caught as they should be:",
                problems.len(),
                verdicts.len()
            )
        )
    );
    for v in problems {
        let m = &v.mutant;
        let why = v.problem.as_deref().unwrap_or_default();
        anstream::println!(
            "- chapter {}, {} ({}): {why}",
            m.chapter,
            m.exercise,
            m.mistake
        );
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::{as_the_learner_sees_it, decimal_array};

    #[test]
    fn the_book_copy_drops_thread_ids_and_backtrace_notes() {
        let output = "\nthread 'rot13::x' (4242) panicked at tests/a.rs:3:5:\n\
                      expected \"a\"\n\nnote: run with `RUST_BACKTRACE=1` environment variable\n";
        assert_eq!(
            as_the_learner_sees_it(output),
            "thread 'rot13::x' panicked at tests/a.rs:3:5:\nexpected \"a\"\n"
        );
        let older =
            "thread 'rot13::x' panicked at tests/a.rs:3:5:\nboom\nstack backtrace:\n  0: x\n";
        assert_eq!(
            as_the_learner_sees_it(older),
            "thread 'rot13::x' panicked at tests/a.rs:3:5:\nboom\n"
        );
    }

    #[test]
    fn finds_bytes_printed_as_numbers_and_nothing_else() {
        assert_eq!(
            decimal_array("left: [109, 110, 111]"),
            Some("[109, 110, 111")
        );
        assert_eq!(
            decimal_array("[\n    97,\n    98,\n    99,\n]"),
            Some("[\n    97,\n    98,\n    99")
        );
        assert_eq!(decimal_array("a [caret] under [1, 2] and [x, 1, 2]"), None);
        assert_eq!(decimal_array("expected: \"TWFu\" [12345, 1, 2]"), None);
    }
}
