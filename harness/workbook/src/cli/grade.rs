//! `workbook grade`: grade a classroom's checkouts (see [`crate::grade`]).
//!
//! Prints progress per learner on stderr, the learner × exercise table on
//! stdout, and writes `<out>/<learner>/results.json` and `junit.xml` plus
//! `<out>/summary.txt`, `summary.csv` and `summary.json`. Exit status: 0
//! when every graded exercise passes for every learner, 1 when any does
//! not, 2 when grading could not run at all.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::status::open_workspace;
use crate::grade::report::{Status, write};
use crate::grade::{Grader, Options, find_learners, table};
use harness::term::{BOLD, DIM, Progress, WARN, paint};
use harness::workspace::chapter_number;

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
    /// The instructor's workbook (default: the one you are in).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// Runs `workbook grade`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = open_workspace(args.root.as_deref())?;
    let learners = find_learners(&args.paths)?;
    let chapters = args
        .chapter
        .iter()
        .map(|c| chapter_number(c))
        .collect::<Result<Vec<_>>>()?;
    let target = ws.root.join("target").join("grade");
    let opts = Options {
        chapters,
        exercises: args.exercise.clone(),
        timeout: Duration::from_secs(args.timeout.max(1)),
        build_timeout: Duration::from_secs(args.build_timeout.max(1)),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        output_limit: args.output_limit,
        memory_limit: (args.memory_limit > 0).then_some(args.memory_limit << 20),
        work_dir: args.work_dir.clone().unwrap_or_else(|| target.join("work")),
    };
    let out = args.out.clone().unwrap_or_else(|| target.join("reports"));
    let started = Instant::now();
    let grader = {
        let progress = Progress::start("preparing the grading copy");
        let grader = Grader::new(&ws, &opts)?;
        progress.finish();
        grader
    };
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
        "grading {} learner(s) on {} exercise(s); {} s per test",
        learners.len(),
        grader.exercise_count(),
        opts.timeout.as_secs()
    );
    let mut reports = Vec::new();
    for (n, learner) in learners.iter().enumerate() {
        let label = format!("[{}/{}] {}", n + 1, learners.len(), learner.name);
        let progress = Mutex::new(Progress::start(label.clone()));
        let report = grader.grade(learner, &|news| {
            progress
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .update(news);
        });
        progress
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .finish();
        let dir = out.join(&learner.name);
        report.write(&dir)?;
        anstream::eprintln!(
            "{label}: {}/{} exercises solved, {}/{} tests passed",
            report.totals.solved,
            report.totals.exercises,
            report.totals.passed,
            report.totals.tests
        );
        reports.push(report);
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

fn write_summary(
    out: &std::path::Path,
    reports: &[crate::grade::report::LearnerReport],
    isolation: &str,
) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    write(&out.join("summary.txt"), &table::render(reports, false))?;
    write(&out.join("summary.csv"), &table::csv(reports))?;
    write(
        &out.join("summary.json"),
        &table::summary_json(reports, isolation),
    )
}
