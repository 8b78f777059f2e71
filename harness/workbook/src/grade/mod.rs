//! Grading a classroom: every learner's exercises, test by test, with
//! reports an instructor and a gradebook can read (`workbook grade`).
//!
//! For each learner's checkout, [`Grader::grade`] takes only the exercise
//! files, drops them into the grading copy of the instructor's workbook
//! ([`workdir`]: no `solutions/`, the instructor's tests), builds each
//! chapter's `exercises` test target, and runs every test of every graded
//! exercise on its own ([`run`]): own process group, time limit, private
//! loopback-only network ([`sandbox`]), capped output. What it finds
//! becomes a [`report::LearnerReport`], which `workbook grade` writes as
//! `results.json` and as JUnit XML ([`junit`]); [`table`] draws the
//! learner × exercise summary.
//!
//! A learner's broken code costs that learner only: an exercise file that
//! does not compile is put back to its stub for the build (its tests are
//! reported as `error` with the compiler's message) so the learner's other
//! exercises are still graded; a hang is one test's time limit; a crash
//! or a flood of output is one test's result.
//!
//! # Layout
//! - here: [`Options`], [`Learner`] and [`find_learners`], [`Grader`], and
//!   [`cap`] for what is kept of long texts;
//! - `chapter.rs`: one learner's chapter, from putting the files in to the
//!   reports; [`compile`]: what a build said and whose fault an error is;
//! - [`workdir`]: the grading copy and its builds; [`run`]: one test,
//!   alone; `verdict.rs`: judging it; [`sandbox`]: its confinement;
//! - [`report`]: the results as data; [`junit`] and [`table`]: them as
//!   JUnit XML and as the classroom summary.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::exercises::{ChapterExercises, Exercise};
use harness::workspace::Workspace;

mod chapter;
pub mod compile;
pub mod junit;
pub mod report;
pub mod run;
pub mod sandbox;
pub mod table;
mod verdict;
pub mod workdir;

use report::LearnerReport;
use run::TestRunner;
use sandbox::{Isolation, Sandbox};
use workdir::WorkDir;

/// What to grade and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Chapters to grade (two-digit numbers); empty: all.
    pub chapters: Vec<&'static str>,
    /// Exercises to grade, by name; empty: all of the chapters'.
    pub exercises: Vec<String>,
    /// Time limit per test.
    pub timeout: Duration,
    /// Time limit per chapter build.
    pub build_timeout: Duration,
    /// Tests run at once.
    pub jobs: usize,
    /// Bytes of output kept per test.
    pub output_limit: usize,
    /// Address-space cap per test process, in bytes.
    pub memory_limit: Option<u64>,
    /// Where the grading copy and its builds live.
    pub work_dir: PathBuf,
}

/// One learner's checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// The checkout's directory name.
    pub name: String,
    /// The checkout.
    pub root: PathBuf,
}

/// The checkouts named by `paths`: each path is a checkout (it has a
/// `chapters/` directory) or a directory of checkouts. Sorted by name.
pub fn find_learners(paths: &[PathBuf]) -> Result<Vec<Learner>> {
    let mut learners = Vec::new();
    for path in paths {
        if !path.is_dir() {
            bail!("{} is not a directory", path.display());
        }
        if is_checkout(path) {
            learners.push(learner(path)?);
            continue;
        }
        let mut found = 0;
        let entries =
            std::fs::read_dir(path).with_context(|| format!("cannot read {}", path.display()))?;
        for entry in entries {
            let dir = entry?.path();
            if is_checkout(&dir) {
                learners.push(learner(&dir)?);
                found += 1;
            }
        }
        if found == 0 {
            bail!(
                "{} is neither a learner's checkout (no chapters/ directory) nor a directory of checkouts",
                path.display()
            );
        }
    }
    learners.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = learners.windows(2).find(|w| w[0].name == w[1].name) {
        bail!(
            "two checkouts are both named {:?}: {} and {}; rename one (the name is the learner's)",
            pair[0].name,
            pair[0].root.display(),
            pair[1].root.display()
        );
    }
    Ok(learners)
}

fn is_checkout(dir: &Path) -> bool {
    dir.join("chapters").is_dir()
}

fn learner(dir: &Path) -> Result<Learner> {
    let full = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?;
    let name = full
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} has no usable directory name", full.display()))?;
    Ok(Learner {
        name: name.to_owned(),
        root: full,
    })
}

/// A chapter's exercises selected for grading, with their stubs.
#[derive(Debug)]
struct Plan {
    chapter: ChapterExercises,
    /// The selected exercises and each one's stub as handed out.
    exercises: Vec<(Exercise, Vec<u8>)>,
}

/// Grades learners one after another in one grading copy.
#[derive(Debug)]
pub struct Grader {
    work: WorkDir,
    runner: TestRunner,
    jobs: usize,
    build_timeout: Duration,
    plans: Vec<Plan>,
    /// What the sandbox could do on this machine.
    pub isolation: Isolation,
    /// Why `cargo fetch` failed, if it did (the builds run offline).
    pub fetch_warning: Option<String>,
}

impl Grader {
    /// Checks the selection against `instructor`'s exercises, makes the
    /// grading copy, fetches dependencies and probes the sandbox.
    pub fn new(instructor: &Workspace, opts: &Options) -> Result<Grader> {
        let plans = select(instructor, opts)?;
        let work = WorkDir::prepare(instructor, &opts.work_dir)?;
        // Every chapter's exercise files as handed out, whatever the
        // instructor's own checkout holds: later chapters compile earlier
        // ones' exercise modules, and a missing file is graded as the stub.
        for nn in harness::workspace::CHAPTERS {
            let chapter = ChapterExercises::load(instructor, nn)?;
            for ex in &chapter.exercises {
                let rel = format!("chapters/chapter-{nn}/src/exercises/{}.rs", ex.name);
                work.put(&rel, &chapter.handed_out(ex)?)?;
            }
        }
        // Offline, with every crate already downloaded, the builds still
        // work: a failed fetch is worth a warning, not the end.
        let fetch_warning = work.fetch().err().map(|e| format!("{e:#}"));
        let (sandbox, isolation) = Sandbox::probe(opts.memory_limit);
        Ok(Grader {
            work,
            runner: TestRunner {
                sandbox,
                timeout: opts.timeout,
                output_limit: opts.output_limit,
            },
            jobs: opts.jobs.max(1),
            build_timeout: opts.build_timeout,
            plans,
            isolation,
            fetch_warning,
        })
    }

    /// How many exercises each learner is graded on.
    pub fn exercise_count(&self) -> usize {
        self.plans.iter().map(|p| p.exercises.len()).sum()
    }

    /// Grades one learner; `progress` hears what is happening.
    pub fn grade(&self, learner: &Learner, progress: &(dyn Fn(&str) + Sync)) -> LearnerReport {
        let mut exercises = Vec::new();
        for plan in &self.plans {
            exercises.extend(chapter::grade(self, plan, learner, progress));
        }
        LearnerReport::new(&learner.name, exercises, None)
    }
}

/// The chapters and exercises `opts` selects, checked by name.
fn select(ws: &Workspace, opts: &Options) -> Result<Vec<Plan>> {
    let chapters = if opts.chapters.is_empty() {
        harness::workspace::CHAPTERS.to_vec()
    } else {
        opts.chapters.clone()
    };
    let mut plans = Vec::new();
    let mut known = Vec::new();
    for nn in chapters {
        let chapter = ChapterExercises::load(ws, nn)?;
        let mut exercises = Vec::new();
        for ex in &chapter.exercises {
            known.push(ex.name.clone());
            if opts.exercises.is_empty() || opts.exercises.contains(&ex.name) {
                exercises.push((ex.clone(), chapter.handed_out(ex)?));
            }
        }
        if !exercises.is_empty() {
            plans.push(Plan { chapter, exercises });
        }
    }
    if let Some(unknown) = opts.exercises.iter().find(|e| !known.contains(e)) {
        bail!(
            "no exercise called {unknown:?} in the chapters graded; see each chapter's exercises.toml"
        );
    }
    if plans.is_empty() {
        bail!("nothing to grade: the selection has no exercises");
    }
    Ok(plans)
}

/// Keeps the first `max` bytes of `text` (on a character boundary), with
/// a note of how much was cut.
pub fn cap(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let kept = head(&text, max);
    let dropped = text.len() - kept.len();
    format!("{kept}\n[... {dropped} more bytes cut by workbook grade]\n")
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn head(text: &str, max: usize) -> &str {
    let mut cut = max.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

#[cfg(test)]
mod tests {
    use super::cap;

    #[test]
    fn caps_on_a_character_boundary() {
        let capped = cap("héllo".repeat(10), 2);
        assert!(capped.starts_with('h') && capped.contains("more bytes cut"));
    }
}
