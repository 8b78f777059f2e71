//! `workbook grade`: grade a classroom's checkouts (see [`crate::grade`]).
//!
//! Prints progress per learner on stderr, the learner × exercise table on
//! stdout, and writes `<out>/<learner>/results.json` and `junit.xml` plus
//! `<out>/summary.txt`, `summary.csv` and `summary.json`. Exit status: 0
//! when every graded exercise passes for every learner, 1 when any does
//! not, 2 when grading could not run at all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::Root;
use crate::grade::report::{LearnerReport, Status};
use crate::grade::{Grader, Learner, Options, find_learners, junit, table};
use crate::progress::Progress;
use harness::term::{BOLD, DIM, WARN, paint};
use harness::workspace::{Workspace, chapter_number};

/// Arguments of `workbook grade`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Only the exercise files (chapters/chapter-NN/src/exercises/<name>.rs) are taken from a \
checkout; they are built with your tests in a copy of your workbook without solutions/, and \
each test runs alone: own process group, time limit, loopback-only network, capped output.
Reports: <out>/<learner>/results.json and junit.xml, <out>/summary.txt|csv|json.
Exit status: 0 all pass, 1 some exercise does not, 2 grading could not run.
See the book: For instructors > Grading (book/src/instructor/grading.md).")]
pub struct Args {
    /// Learners' checkouts, or directories whose subdirectories are checkouts.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Grade only this chapter (repeatable; 6, 06 or chapter-06).
    #[arg(long, short, value_name = "N")]
    pub chapter: Vec<String>,
    /// Grade only this exercise (repeatable).
    #[arg(long, short, value_name = "NAME")]
    pub exercise: Vec<String>,
    /// Time limit per test, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    pub timeout: u64,
    /// Time limit per chapter build, in seconds.
    #[arg(long, default_value_t = 900, value_name = "SECS")]
    pub build_timeout: u64,
    /// Tests run at once (default: the number of CPUs).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Where the reports go (default: target/grade/reports).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Where learners' code is built (default: target/grade/work).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Bytes of output kept per test.
    #[arg(long, default_value_t = 16 * 1024, value_name = "BYTES")]
    pub output_limit: usize,
    /// Address space per test process, in MiB (0: no limit).
    #[arg(long, default_value_t = 4096, value_name = "MIB")]
    pub memory_limit: u64,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Runs `workbook grade`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let learners = find_learners(&args.paths)?;
    let opts = options(&args, &ws)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| ws.root.join("target/grade/reports"));
    let started = Instant::now();
    let grader = {
        let _progress = Progress::spinner("preparing the grading copy");
        Grader::new(&ws, &opts)?
    };
    let isolation = announce(&grader, learners.len(), opts.timeout);
    let mut reports = Vec::new();
    for (n, learner) in learners.iter().enumerate() {
        let label = format!("[{}/{}] {}", n + 1, learners.len(), learner.name);
        reports.push(grade_one(&grader, learner, &label, &out)?);
    }
    write_summary(&out, &reports, &isolation)?;
    anstream::println!("\n{}", table::render(&reports, true));
    anstream::println!(
        "{} {} ({} s)",
        paint(BOLD, "reports:"),
        out.display(),
        started.elapsed().as_secs()
    );
    let all_pass = reports.iter().all(|r| r.status == Status::Pass);
    Ok(if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The grading options the command line gives.
fn options(args: &Args, ws: &Workspace) -> Result<Options> {
    let chapters = args.chapter.iter().map(|c| chapter_number(c));
    Ok(Options {
        chapters: chapters.collect::<Result<Vec<_>>>()?,
        exercises: args.exercise.clone(),
        timeout: Duration::from_secs(args.timeout.max(1)),
        build_timeout: Duration::from_secs(args.build_timeout.max(1)),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        output_limit: args.output_limit,
        memory_limit: (args.memory_limit > 0).then_some(args.memory_limit << 20),
        // Absolute: the builds run inside the grading copy, where a relative
        // path would put the target directory in the copy (cleared each run).
        work_dir: match &args.work_dir {
            Some(dir) => std::path::absolute(dir)?,
            None => ws.root.join("target/grade/work"),
        },
    })
}

/// Says on stderr how the grading runs; returns the isolation line.
fn announce(grader: &Grader, learners: usize, timeout: Duration) -> String {
    if let Some(warning) = &grader.fetch_warning {
        let text = format!(
            "warning: {warning}\n(the builds run offline; they fail if a crate is missing)"
        );
        anstream::eprintln!("{}", paint(WARN, text));
    }
    let isolation = grader.isolation.describe();
    let style = if isolation.contains("NOT") { WARN } else { DIM };
    anstream::eprintln!("{}", paint(style, &isolation));
    anstream::eprintln!(
        "grading {learners} learner(s) on {} exercise(s); {} s per test",
        grader.exercise_count(),
        timeout.as_secs()
    );
    isolation
}

/// Grades one learner, showing progress under `label`, and writes their
/// `results.json` and `junit.xml` into `<out>/<learner>/`.
fn grade_one(grader: &Grader, learner: &Learner, label: &str, out: &Path) -> Result<LearnerReport> {
    let progress = Progress::spinner(label);
    let report = grader.grade(learner, &|news| progress.update(news));
    drop(progress);
    let dir = out.join(&learner.name);
    let json = serde_json::to_string_pretty(&report)? + "\n";
    write(&dir.join("results.json"), &json)?;
    write(&dir.join("junit.xml"), &junit::render(&report)?)?;
    let t = &report.totals;
    anstream::eprintln!(
        "{label}: {}/{} exercises solved, {}/{} tests passed",
        t.solved,
        t.exercises,
        t.passed,
        t.tests
    );
    Ok(report)
}

fn write_summary(out: &Path, reports: &[LearnerReport], isolation: &str) -> Result<()> {
    write(&out.join("summary.txt"), &table::render(reports, false))?;
    write(&out.join("summary.csv"), &table::csv(reports))?;
    write(
        &out.join("summary.json"),
        &table::summary_json(reports, isolation),
    )
}

/// Writes `text` to `path` (creating its directory), saying which file on
/// failure.
fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
