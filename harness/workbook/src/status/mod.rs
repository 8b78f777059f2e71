//! A chapter's state as the learner's code stands: which exercises are
//! solved, how the worked examples' tests go, whether it compiles.
//!
//! [`check_chapter`] runs the chapter's tests (one `cargo test -p chapter-NN
//! --no-fail-fast`, without the `solutions` feature) and sorts the results:
//! an exercise is solved when every test its `test` filter selects passes;
//! the tests no exercise selects are the worked examples'. Without `all`
//! only the `exercises` target runs: it is what says where the learner is,
//! and it takes seconds where the worked examples' suites (swarms, real
//! peers, a browser) take minutes. When the build fails in an exercise's
//! file (or its test file), that exercise is left out (its `skip-<name>`
//! feature) and the chapter is checked again, so one half-written exercise
//! does not hide how the others stand. [`cache`] keeps
//! the results between runs, so a chapter none of whose files changed is
//! not run again. `workbook status` prints them; `watch` picks the next
//! exercise from them.

use anyhow::Result;

use crate::cargo_test::{CargoTest, Tally};
use crate::exercises::TESTS_TARGET;
use crate::exercises::{ChapterExercises, Exercise};
use crate::progress::Progress;
use harness::workspace::Workspace;

pub mod cache;

/// One chapter's state, from running its tests.
#[derive(Debug, Clone)]
pub struct ChapterStatus {
    /// Two-digit chapter number.
    pub nn: &'static str,
    /// The chapter's title (from its crate description).
    pub title: String,
    /// Each exercise and how its tests went.
    pub exercises: Vec<(Exercise, Tally)>,
    /// The tests no exercise selects: the worked examples'; `None` when
    /// only the exercises were checked.
    pub examples: Option<Tally>,
    /// Why tests skipped their work (a real program missing), one entry per
    /// skipped test.
    pub skipped: Vec<String>,
    /// The first compiler error, when the chapter does not build.
    pub build_error: Option<String>,
    /// The exercises that do not compile, each with the first compiler
    /// error; the chapter was checked without them.
    pub broken: Vec<(String, String)>,
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

    /// How many exercises are solved.
    pub fn solved(&self) -> usize {
        self.exercises
            .iter()
            .filter(|(_, t)| t.all_passed())
            .count()
    }

    /// The estimated minutes of the exercises not yet solved.
    pub fn minutes_left(&self) -> u32 {
        self.exercises
            .iter()
            .filter(|(_, t)| !t.all_passed())
            .map(|(e, _)| e.minutes)
            .sum()
    }

    /// No exercises, no tests and no error: the chapter is still to come.
    pub fn is_unwritten(&self) -> bool {
        let no_examples = self.examples.is_none_or(|t| t.total() == 0);
        self.exercises.is_empty() && no_examples && self.build_error.is_none()
    }
}

/// Runs chapter `nn`'s tests in learner mode (only its exercises' unless
/// `all`) and sorts the results, saying so on `progress`.
pub fn check_chapter(
    ws: &Workspace,
    nn: &'static str,
    all: bool,
    progress: &Progress,
) -> Result<ChapterStatus> {
    let exercises = load_exercises(ws, nn)?;
    progress.set_label(format!("checking chapter {nn}"));
    let mut cargo = CargoTest::chapter(ws, nn);
    let has_target = ws.chapter_dir(nn).join(TESTS_TARGET).exists();
    if !all && has_target {
        cargo = cargo.test_target("exercises");
    }
    let mut run = cargo.run_with_progress(progress)?;
    let mut broken: Vec<(String, String)> = Vec::new();
    // Bounded: each pass leaves out at least one more exercise, or stops.
    while let Some(error) = run.build_error.clone() {
        let names = run.broken_exercises(exercises.iter().map(|e| e.name.as_str()));
        let new: Vec<String> = names
            .into_iter()
            .filter(|n| !broken.iter().any(|(b, _)| b == n))
            .collect();
        if new.is_empty() || broken.len() + new.len() >= exercises.len() {
            break;
        }
        broken.extend(new.into_iter().map(|n| (n, error.clone())));
        let without: Vec<String> = broken.iter().map(|(n, _)| n.clone()).collect();
        progress.set_label(format!(
            "checking chapter {nn} without {}",
            without.join(", ")
        ));
        run = cargo.clone().skip(without).run_with_progress(progress)?;
    }
    if run.build_error.is_some() {
        // The chapter does not build even without them: report that alone.
        broken.clear();
    }
    let filters: Vec<&str> = exercises.iter().map(|e| e.test.as_str()).collect();
    let examples = (all || !has_target).then(|| run.tally_unmatched(&filters));
    let skipped = run.skipped.iter().map(|s| s.why.clone()).collect();
    let tallies = exercises.iter().map(|e| run.tally(&e.test));
    let exercises: Vec<(Exercise, Tally)> = exercises.iter().cloned().zip(tallies).collect();
    Ok(ChapterStatus {
        nn,
        title: chapter_title(ws, nn),
        exercises,
        examples,
        skipped,
        build_error: run.build_error,
        broken,
        timed_out: run.timed_out,
        cached: false,
    })
}

/// A chapter's exercises; none when it has no `exercises.toml` yet.
pub fn load_exercises(ws: &Workspace, nn: &'static str) -> Result<Vec<Exercise>> {
    if !ws.chapter_dir(nn).join("exercises.toml").exists() {
        return Ok(Vec::new());
    }
    Ok(ChapterExercises::load(ws, nn)?.exercises)
}

/// `Chapter 6: Filters: …` in the crate's description becomes `Filters`.
pub fn chapter_title(ws: &Workspace, nn: &str) -> String {
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
