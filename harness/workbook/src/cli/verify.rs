//! `workbook verify`: the maintainers' check of the exercises (DESIGN.md §4).
//!
//! For every chapter with exercises (or the one `--chapter` names) it checks,
//! static checks first so they report even when nothing compiles:
//!
//! - every exercise has two to four hints, the first without code (the rule
//!   is `checks::code_in`), a time estimate (`minutes`) that is not absurd,
//!   a stub with a `// TODO`, a reference solution, and a `mod.rs` line
//!   swapping the solution in;
//! - no stub or solution file lacks an `exercises.toml` entry;
//! - then, with one test run on the stubs and one with `--features solutions`
//!   (two runs per chapter, so nothing is rebuilt back and forth): every
//!   exercise has tests, every one of them FAILS on the untouched stub and
//!   PASSES with the solution, and the worked examples' tests pass both ways.
//!
//! It prints a table and one clear message per violation, and exits 1 when
//! there is any. `--root DIR` checks a copy of the workbook.
//!
//! `--mutants` checks instead that each test catches the mistake it names
//! ([`mutants`]).
//!
//! Layout: [`Args`], [`run`] and the table printing here; the static checks
//! in `verify/checks.rs`, the test runs in `verify/runs.rs`, the mutants in
//! [`mutants`], the claims they must prove in [`mistakes`].

use std::process::ExitCode;

use anstyle::Style;
use anyhow::Result;

use super::Root;
use crate::exercises::ChapterExercises;
use harness::term::{BOLD, DIM, FAIL, OK, paint};
use harness::workspace::{CHAPTERS, Workspace, chapter_number};

mod checks;
pub mod mistakes;
pub mod mutants;
mod runs;

use checks::{ChapterReport, Check, Row};

/// Arguments of `workbook verify`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
    /// Check only this chapter (6, 06 or chapter-06); with --mutants, grade
    /// only its mutants.
    #[arg(long, value_name = "N")]
    pub chapter: Option<String>,
    /// Instead: grade every mutant in fixtures/mutants/ (a solution with one
    /// typical mistake) and check the test it names catches it, quickly and
    /// readably.
    #[arg(long)]
    pub mutants: bool,
    /// With --mutants: where the grading copy is built (default:
    /// target/workbook/mutants; kept, so later runs rebuild little).
    #[arg(long, value_name = "DIR", requires = "mutants")]
    pub work_dir: Option<std::path::PathBuf>,
}

/// Runs `workbook verify`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    if args.mutants {
        // Absolute, as for `grade`: a relative one would be taken inside the
        // grading copy, which is cleared each run.
        let work = match &args.work_dir {
            Some(dir) => std::path::absolute(dir)?,
            None => ws.root.join("target/workbook/mutants"),
        };
        let only = args.chapter.as_deref().map(chapter_number).transpose()?;
        return mutants::run(&ws, &work, only);
    }
    let numbers = match &args.chapter {
        Some(arg) => vec![chapter_number(arg)?],
        None => CHAPTERS.to_vec(),
    };
    // Static checks of every chapter first: quick, and they report even when
    // a chapter does not compile.
    let mut chapters: Vec<Chapter> = numbers.into_iter().map(|nn| check_files(&ws, nn)).collect();
    for chapter in &mut chapters {
        run_tests(&ws, chapter)?;
    }
    let reports: Vec<(&str, ChapterReport)> =
        chapters.into_iter().map(|c| (c.nn, c.report)).collect();
    Ok(print_results(&reports))
}

/// One chapter being verified.
struct Chapter {
    nn: &'static str,
    /// Its manifest, when it has one that loads.
    exercises: Option<ChapterExercises>,
    /// Every stub and solution file exists, so the tests can run.
    runnable: bool,
    report: ChapterReport,
}

fn check_files(ws: &Workspace, nn: &'static str) -> Chapter {
    let mut report = ChapterReport::default();
    let (exercises, runnable) = match load(ws, nn) {
        Ok(Some(ch)) => {
            let runnable = checks::check_static(ws, &ch, &mut report);
            (Some(ch), runnable)
        }
        Ok(None) => (None, false),
        Err(err) => {
            report.violations.push(format!("chapter {nn}: {err:#}"));
            (None, false)
        }
    };
    Chapter {
        nn,
        exercises,
        runnable,
        report,
    }
}

fn run_tests(ws: &Workspace, chapter: &mut Chapter) -> Result<()> {
    let Some(ch) = chapter
        .exercises
        .as_ref()
        .filter(|ch| !ch.exercises.is_empty())
    else {
        return Ok(());
    };
    if chapter.runnable {
        return runs::check_tests(ws, ch, &mut chapter.report);
    }
    let nn = chapter.nn;
    let message = format!("chapter {nn}: tests not run until the missing files exist");
    chapter.report.violations.push(message);
    Ok(())
}

/// A chapter's exercises, or `None` when it has no `exercises.toml`.
fn load(ws: &Workspace, nn: &'static str) -> Result<Option<ChapterExercises>> {
    if !ws.chapter_dir(nn).join("exercises.toml").exists() {
        return Ok(None);
    }
    ChapterExercises::load(ws, nn).map(Some)
}

fn print_results(reports: &[(&str, ChapterReport)]) -> ExitCode {
    let header = format!(
        "{:<7} {:<18} {:<4} {:<4} {:<4} {:<5} {:<5} {:<10} {:<15} verdict",
        "chapter",
        "exercise",
        "hint",
        "time",
        "TODO",
        "files",
        "tests",
        "stub fails",
        "solution passes"
    );
    anstream::println!("{}", paint(BOLD, header));
    let mut exercises = 0;
    for (nn, report) in reports {
        for row in &report.rows {
            exercises += 1;
            print_row(nn, row);
        }
    }
    let violations: Vec<&String> = reports.iter().flat_map(|(_, r)| &r.violations).collect();
    anstream::println!();
    if violations.is_empty() {
        anstream::println!(
            "{} {exercises} exercises checked, every check holds.",
            paint(OK, "verify: ok:")
        );
        return ExitCode::SUCCESS;
    }
    anstream::println!(
        "{}",
        paint(FAIL, format!("verify: {} violations:", violations.len()))
    );
    for violation in violations {
        anstream::println!("- {violation}");
    }
    ExitCode::FAILURE
}

fn print_row(nn: &str, row: &Row) {
    let (tests, style) = match row.tests {
        None => ("-".to_owned(), DIM),
        Some(0) => ("0".to_owned(), FAIL),
        Some(n) => (n.to_string(), Style::new()),
    };
    let tests = paint(style, format!("{tests:<5}"));
    let verdict = if row.ok() {
        paint(OK, "ok")
    } else {
        paint(FAIL, "FAIL")
    };
    anstream::println!(
        "{nn:<7} {:<18} {}    {}    {}    {}     {tests} {}          {}               {verdict}",
        row.name,
        cell(row.hint),
        cell(row.minutes),
        cell(row.todo),
        cell(row.files),
        cell(row.stub_fails),
        cell(row.solution_passes),
    );
}

fn cell(check: Check) -> String {
    match check {
        Check::Pass => paint(OK, "✓"),
        Check::Fail => paint(FAIL, "✗"),
        Check::Skipped => paint(DIM, "-"),
    }
}
