//! `workbook` / `workbook status`: the learner's progress, and the book.
//!
//! For every chapter it runs the chapter's tests as the learner's code stands
//! (one `cargo test -p chapter-NN --no-fail-fast`, without the `solutions`
//! feature) and sorts the results: an exercise is solved when every test its
//! `test` filter selects passes; the tests no exercise selects are the worked
//! examples'. Then it names the next exercise with the commands to check it,
//! builds the book into `target/book` and says where it is. A chapter none
//! of whose files changed since the last check is not run again (see
//! `status_cache`; `--fresh` runs everything).
//!
//! Layout: [`Args`] and [`run`]; [`ChapterStatus`] and [`check_chapter`] (also
//! used by `watch`); helpers the other learner commands share
//! (`open_workspace`, `run_with_progress`, `check_command`); the printing
//! helpers at the end.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use super::status_cache::{self, StatusCache};
use crate::cargo_test::{self, CargoTest, Tally, TestRun};
use crate::exercises::{ChapterExercises, Exercise};
use harness::term::{self, BOLD, CMD, DIM, FAIL, OK, Progress, WARN, paint};
use harness::workspace::{CHAPTERS, Workspace};

/// Longest a chapter's tests may run before they are stopped: generous, since
/// a first run compiles the chapter, but finite, since a learner's loop may
/// never end.
pub(crate) const TEST_TIME_LIMIT: Duration = Duration::from_secs(600);

/// Arguments of `workbook status` (and of `workbook` without a subcommand).
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Only show the status; do not build the book.
    #[arg(long)]
    pub no_book: bool,
    /// The workbook checkout to look at (default: the one you are in).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Run every chapter's tests again, even those whose files have not
    /// changed since the last check.
    #[arg(long)]
    pub fresh: bool,
}

/// Runs `workbook status`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = open_workspace(args.root.as_deref())?;
    let mut cache = StatusCache::load(&ws);
    let mut chapters = Vec::new();
    for nn in CHAPTERS {
        let fingerprint = status_cache::fingerprint(&ws, nn);
        let exercises = load_exercises(&ws, nn)?;
        let stored = cache.get(nn, fingerprint, &exercises, chapter_title(&ws, nn));
        let status = match stored {
            Some(status) if !args.fresh => status,
            _ => check_chapter(&ws, nn)?,
        };
        cache.put(fingerprint, &status);
        chapters.push(status);
    }
    anstream::println!("{}", paint(BOLD, "Your progress"));
    chapters.iter().for_each(print_chapter);
    print_next(&chapters);
    if !args.no_book {
        let fingerprint = status_cache::book_fingerprint(&ws);
        let index = ws.book_out_dir().join("index.html");
        if !args.fresh && cache.book_is(fingerprint) && index.exists() {
            anstream::println!();
            print_book_place(&ws, &index, " (unchanged since it was built)");
        } else {
            let good = print_book(&ws);
            cache.set_book(good.then_some(fingerprint));
        }
    }
    cache.save();
    Ok(ExitCode::SUCCESS)
}

/// The workspace at `root`, or the one around the current directory.
pub(crate) fn open_workspace(root: Option<&Path>) -> Result<Workspace> {
    match root {
        Some(root) => Workspace::at(root),
        None => Workspace::discover(&std::env::current_dir()?),
    }
}

/// One chapter's state, from running its tests.
#[derive(Debug, Clone)]
pub struct ChapterStatus {
    /// Two-digit chapter number.
    pub nn: &'static str,
    /// The chapter's title (from its crate description).
    pub title: String,
    /// Each exercise and how its tests went.
    pub exercises: Vec<(Exercise, Tally)>,
    /// The tests no exercise selects: the worked examples'.
    pub examples: Tally,
    /// The first compiler error, when the chapter does not build.
    pub build_error: Option<String>,
    /// The tests ran out of time.
    pub timed_out: bool,
    /// Taken from the last check: nothing it depends on has changed since.
    pub cached: bool,
}

impl ChapterStatus {
    /// The first exercise not yet solved, in the manifest's order.
    pub fn first_unsolved(&self) -> Option<&Exercise> {
        let mut exercises = self.exercises.iter();
        exercises.find(|(_, t)| !t.all_passed()).map(|(e, _)| e)
    }

    fn solved(&self) -> usize {
        self.exercises
            .iter()
            .filter(|(_, t)| t.all_passed())
            .count()
    }

    fn is_unwritten(&self) -> bool {
        self.exercises.is_empty() && self.examples.total() == 0 && self.build_error.is_none()
    }
}

/// Runs chapter `nn`'s tests in learner mode and sorts the results.
pub fn check_chapter(ws: &Workspace, nn: &'static str) -> Result<ChapterStatus> {
    let exercises = load_exercises(ws, nn)?;
    let test = CargoTest::chapter(ws, nn).timeout(TEST_TIME_LIMIT);
    let run = run_with_progress(&test, &format!("checking chapter {nn}"))?;
    let filters: Vec<&str> = exercises.iter().map(|e| e.test.as_str()).collect();
    let examples = run.tally_unmatched(&filters);
    let tallies = exercises.iter().map(|e| run.tally(&e.test));
    let exercises: Vec<(Exercise, Tally)> = exercises.iter().cloned().zip(tallies).collect();
    Ok(ChapterStatus {
        nn,
        title: chapter_title(ws, nn),
        exercises,
        examples,
        build_error: run.build_error,
        timed_out: run.timed_out,
        cached: false,
    })
}

/// A chapter's exercises; none when it has no `exercises.toml` yet.
pub(crate) fn load_exercises(ws: &Workspace, nn: &'static str) -> Result<Vec<Exercise>> {
    if !ws.chapter_dir(nn).join("exercises.toml").exists() {
        return Ok(Vec::new());
    }
    Ok(ChapterExercises::load(ws, nn)?.exercises)
}

/// Runs `test`, showing `label` and cargo's progress on stderr.
pub(crate) fn run_with_progress(test: &CargoTest, label: &str) -> Result<TestRun> {
    let mut progress = Progress::start(label);
    let mut done = 0;
    let run = test.run(&mut |line| {
        if line.starts_with("test ") && line.contains(" ... ") {
            done += 1;
            progress.update(&format!("{done} tests run"));
        } else if let Some(detail) = cargo_test::describe(line) {
            progress.update(&detail);
        }
    });
    progress.finish();
    run
}

/// `Chapter 6: Filters: …` in the crate's description becomes `Filters: …`.
fn chapter_title(ws: &Workspace, nn: &str) -> String {
    let manifest = std::fs::read_to_string(ws.chapter_dir(nn).join("Cargo.toml"));
    let table: Option<toml::Table> = manifest.ok().and_then(|t| t.parse().ok());
    let description = table
        .as_ref()
        .and_then(|t| t.get("package")?.get("description")?.as_str());
    let description = description.unwrap_or("");
    // The short title: the part before the subtitle.
    let title = description.split_once(": ").map_or(description, |(_, t)| t);
    title.split(':').next().unwrap_or(title).trim().to_owned()
}

fn print_chapter(ch: &ChapterStatus) {
    let title: String = ch.title.chars().take(24).collect();
    let head = format!("  {} {title:<24}", paint(BOLD, ch.nn));
    if let Some(error) = &ch.build_error {
        anstream::println!("{head} {}", paint(FAIL, "does not compile:"));
        anstream::println!("{}", term::indent(&term::first_lines(error, 8), 6));
    } else if ch.timed_out {
        let limit = TEST_TIME_LIMIT.as_secs();
        let msg = format!("tests stopped after {limit} s (is a loop not ending?)");
        anstream::println!("{head} {}", paint(FAIL, msg));
    } else if ch.is_unwritten() {
        anstream::println!("{head} {}", paint(DIM, "not written yet"));
    } else {
        print_counts(&head, ch);
    }
}

fn print_counts(head: &str, ch: &ChapterStatus) {
    let ex = ch.examples;
    let examples = match ex.total() {
        0 => paint(DIM, "none yet"),
        n => paint(
            if ex.passed == n { OK } else { WARN },
            format!("{}/{n}", ex.passed),
        ),
    };
    let solved = format!("{}/{}", ch.solved(), ch.exercises.len());
    let done = ch.solved() == ch.exercises.len();
    let solved = paint(if done { OK } else { WARN }, solved);
    let cached = if ch.cached {
        paint(DIM, " (unchanged since the last check)")
    } else {
        String::new()
    };
    anstream::println!("{head} examples {examples} · exercises {solved}{cached}");
    for (exercise, tally) in &ch.exercises {
        let detail = match tally.total() {
            0 => "no tests yet".to_owned(),
            n => format!("{}/{n} tests pass", tally.passed),
        };
        let (mark, name, title) = (
            term::mark(tally.all_passed()),
            &exercise.name,
            &exercise.title,
        );
        let detail = paint(DIM, format!("{detail:<16}"));
        anstream::println!("     {mark} {name:<16} {detail} {title}");
    }
}

fn print_next(chapters: &[ChapterStatus]) {
    anstream::println!();
    let next = chapters
        .iter()
        .find_map(|ch| ch.first_unsolved().map(|e| (ch.nn, e)));
    let Some((nn, exercise)) = next else {
        anstream::println!(
            "{}",
            paint(OK, "Every exercise written so far is solved. Well done!")
        );
        return;
    };
    let (name, title) = (&exercise.name, &exercise.title);
    anstream::println!(
        "{} chapter {nn}, exercise {name}: {title}",
        paint(BOLD, "Next:")
    );
    let stub = format!("chapters/chapter-{nn}/src/exercises/{name}.rs");
    anstream::println!("  edit      {}", paint(CMD, stub));
    anstream::println!("  check it  {}", paint(CMD, check_command(nn, exercise)));
    let watch = "cargo workbook watch";
    anstream::println!(
        "            {} (re-runs it each time you save)",
        paint(CMD, watch)
    );
    let hint = format!("cargo workbook hint {nn} {name}");
    anstream::println!("  stuck?    {}", paint(CMD, hint));
}

/// The command a learner runs to check one exercise.
pub(crate) fn check_command(nn: &str, exercise: &Exercise) -> String {
    format!("cargo test -p chapter-{nn} {}", exercise.test)
}

/// Builds the book and says where it is; true when it built cleanly.
fn print_book(ws: &Workspace) -> bool {
    anstream::println!();
    let progress = Progress::start("building the book");
    let report = crate::book::check_book(&ws.root.join("book"), &ws.book_out_dir());
    progress.finish();
    match report {
        Ok(report) => {
            print_book_place(ws, &report.index, "");
            let problems = report.problems();
            for problem in &problems {
                anstream::println!("  {} {problem}", paint(WARN, "warning:"));
            }
            problems.is_empty()
        }
        Err(err) => {
            anstream::println!("{} {err:#}", paint(FAIL, "The book did not build:"));
            false
        }
    }
}

fn print_book_place(ws: &Workspace, index: &Path, note: &str) {
    anstream::println!(
        "{} {}{} (open it in a browser, or run {})",
        paint(BOLD, "The book:"),
        paint(CMD, term::relative(index, &ws.root)),
        paint(DIM, note),
        paint(CMD, "cargo workbook book --serve")
    );
}
