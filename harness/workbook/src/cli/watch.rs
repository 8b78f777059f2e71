//! `workbook watch`: re-run the current exercise's tests whenever a file changes.
//!
//! The current exercise is the first unsolved one, chapter 01 to 09 in the
//! order of each `exercises.toml` (or the one named: `watch 06 rot13`). Its
//! tests run with cargo's output shown; then the command waits for a change
//! under `chapters/` and runs them again. When the exercise passes it moves on
//! to the next unsolved one (unless one was named).
//!
//! Changes are noticed two ways: file events from `notify` wake it at once,
//! and a comparison of every file's modification time and size every
//! `--poll-ms` catches what events miss (network and container mounts, some
//! editors' rename dances). `--once` and `--max-runs` bound it for scripts and
//! tests.
//!
//! Layout: [`Args`], [`run`], picking the exercise, and [`ChangeWatcher`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, SystemTime};

use anyhow::{Result, bail};
use notify::{RecursiveMode, Watcher};

use super::learner::{ExerciseArgs, locate};
use super::status::{TEST_TIME_LIMIT, check_chapter, check_command, open_workspace};
use crate::cargo_test::{self, CargoTest};
use crate::exercises::Exercise;
use harness::term::{self, BOLD, CMD, DIM, Progress, paint};
use harness::workspace::{CHAPTERS, Workspace};

/// Arguments of `workbook watch`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Watch this chapter's exercise (default: the first unsolved one).
    pub chapter: Option<String>,
    /// The exercise to watch (with a chapter).
    #[arg(requires = "chapter")]
    pub exercise: Option<String>,
    /// Run the tests once and stop: exit 0 when the exercise passes.
    #[arg(long, conflicts_with = "max_runs")]
    pub once: bool,
    /// Stop after this many test runs.
    #[arg(long, value_name = "N")]
    pub max_runs: Option<u32>,
    /// How often to look for changed files, in milliseconds, in case file
    /// events do not arrive.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub poll_ms: u64,
    /// The workbook checkout (default: the one you are in).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// Runs `workbook watch`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = open_workspace(args.root.as_deref())?;
    let Some(mut current) = pick(&ws, &args)? else {
        anstream::println!("Every exercise written so far is solved; nothing to watch.");
        return Ok(ExitCode::SUCCESS);
    };
    let max_runs = if args.once {
        1
    } else {
        args.max_runs.unwrap_or(u32::MAX)
    };
    let poll = Duration::from_millis(args.poll_ms);
    let mut watcher = ChangeWatcher::new(&ws.root.join("chapters"), poll);
    for run_number in 1..=max_runs {
        watcher.mark();
        let solved = run_exercise(&ws, current.0, &current.1, run_number)?;
        if solved && args.exercise.is_none() {
            // Move on to the next exercise and run its tests straight away.
            let Some(next) = advance(&ws, current.0)? else {
                return Ok(ExitCode::SUCCESS);
            };
            current = next;
            continue;
        }
        if run_number == max_runs {
            return Ok(if solved {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let waiting = "Waiting for you to save a file (Ctrl-C to stop)…";
        anstream::println!("{}", paint(DIM, waiting));
        watcher.wait();
    }
    Ok(ExitCode::SUCCESS)
}

/// The next unsolved exercise from chapter `nn` on, announced.
fn advance(ws: &Workspace, nn: &str) -> Result<Option<(&'static str, Exercise)>> {
    let next = first_unsolved(ws, nn)?;
    match &next {
        Some((nn, e)) => anstream::println!("Next: chapter {nn}, {}: {}", e.name, e.title),
        None => anstream::println!("Every exercise written so far is solved. Well done!"),
    }
    Ok(next)
}

/// The exercise to start with: the named one, the first unsolved one of the
/// named chapter, or the first unsolved one overall.
fn pick(ws: &Workspace, args: &Args) -> Result<Option<(&'static str, Exercise)>> {
    match (&args.chapter, &args.exercise) {
        (Some(chapter), Some(exercise)) => {
            let which = ExerciseArgs {
                chapter: chapter.clone(),
                exercise: exercise.clone(),
                root: Some(ws.root.clone()),
            };
            let (_, ch, exercise) = locate(&which)?;
            Ok(Some((ch.chapter, exercise)))
        }
        (Some(chapter), None) => {
            let nn = harness::workspace::chapter_number(chapter)?;
            let status = check_chapter(ws, nn)?;
            if status.exercises.is_empty() {
                bail!("chapter {nn} has no exercises yet");
            }
            Ok(status.first_unsolved().map(|e| (nn, e.clone())))
        }
        _ => first_unsolved(ws, CHAPTERS[0]),
    }
}

/// The first unsolved exercise in chapter `from` or a later one.
fn first_unsolved(ws: &Workspace, from: &str) -> Result<Option<(&'static str, Exercise)>> {
    for nn in CHAPTERS.into_iter().filter(|nn| *nn >= from) {
        let status = check_chapter(ws, nn)?;
        if let Some(exercise) = status.first_unsolved() {
            return Ok(Some((nn, exercise.clone())));
        }
    }
    Ok(None)
}

/// Runs one exercise's tests with their output shown; true when all pass.
fn run_exercise(ws: &Workspace, nn: &str, exercise: &Exercise, number: u32) -> Result<bool> {
    let title = format!(
        "── run {number}: chapter {nn}, {} ({}) ──",
        exercise.name,
        check_command(nn, exercise)
    );
    anstream::println!("{}", paint(BOLD, title));
    let test = CargoTest::chapter(ws, nn)
        .filter(&exercise.test)
        .timeout(TEST_TIME_LIMIT);
    let mut lines = Vec::new();
    let mut progress = Progress::start(format!("testing {}", exercise.name));
    let run = test.run(&mut |line| {
        if let Some(detail) = cargo_test::describe(line) {
            progress.update(&detail);
        }
        lines.push(line.to_owned());
    })?;
    progress.finish();
    for line in cargo_test::digest(&lines) {
        anstream::println!("{line}");
    }
    let tally = run.tally(&exercise.test);
    let solved = run.build_error.is_none() && tally.all_passed();
    let verdict = if run.build_error.is_some() {
        "does not compile yet (see the first error above)".to_owned()
    } else if run.timed_out {
        format!(
            "the tests were stopped after {} s",
            TEST_TIME_LIMIT.as_secs()
        )
    } else {
        format!("{}/{} tests pass", tally.passed, tally.total())
    };
    anstream::println!("{} {}: {verdict}", term::mark(solved), exercise.name);
    if !solved {
        let hint = format!("cargo workbook hint {nn} {}", exercise.name);
        anstream::println!("{}", paint(DIM, format!("Stuck? {}", paint(CMD, hint))));
    }
    Ok(solved)
}

/// What identifies a file's version: modification time and size.
type Snapshot = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// Waits for files under a directory to change: file events when they arrive,
/// a modification-time poll always.
pub struct ChangeWatcher {
    dir: PathBuf,
    poll: Duration,
    marked: Snapshot,
    // Kept alive for its events; `None` when the platform gave us none.
    events: Option<(
        notify::RecommendedWatcher,
        Receiver<notify::Result<notify::Event>>,
    )>,
}

impl ChangeWatcher {
    /// Watches `dir` recursively, polling every `poll`.
    pub fn new(dir: &Path, poll: Duration) -> Self {
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        });
        let events = watcher
            .and_then(|mut w| w.watch(dir, RecursiveMode::Recursive).map(|()| (w, rx)))
            .ok();
        Self {
            dir: dir.to_path_buf(),
            poll,
            marked: snapshot(dir),
            events,
        }
    }

    /// Remembers the files as they are now.
    pub fn mark(&mut self) {
        self.marked = snapshot(&self.dir);
    }

    /// Blocks until some file differs from when [`ChangeWatcher::mark`] was
    /// last called.
    pub fn wait(&mut self) {
        loop {
            match &self.events {
                // An event only wakes us early; the snapshot decides.
                Some((_, rx)) => drop(rx.recv_timeout(self.poll)),
                None => std::thread::sleep(self.poll),
            }
            if snapshot(&self.dir) != self.marked {
                return;
            }
        }
    }
}

/// Every source file under `dir` (skipping `target` directories).
fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != "target")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.into_path(), (meta.modified().ok(), meta.len())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_ends_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "fn a() {}").unwrap();
        let mut watcher = ChangeWatcher::new(dir.path(), Duration::from_millis(20));
        watcher.mark();
        // A change of size is seen even where timestamps are coarse.
        std::fs::write(dir.path().join("a.rs"), "fn a() { todo!() }").unwrap();
        // Bounded: a watcher that never notices fails the test instead of hanging it.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            watcher.wait();
            let _ = tx.send(());
        });
        rx.recv_timeout(Duration::from_secs(30))
            .expect("the change was not noticed within 30 s");
    }
}
