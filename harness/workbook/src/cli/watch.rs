//! `workbook watch`: re-run the current exercise's tests whenever a file changes.
//!
//! The current exercise is the first unsolved one, chapter 01 to 09 in the
//! order of each `exercises.toml` (or the one named: `watch 06 rot13`). Its
//! tests run with cargo's output shown; then the command waits for a change
//! under `chapters/` and runs them again. When the exercise passes it moves on
//! to the next unsolved one (unless one was named).
//!
//! Changes are noticed by file events (`notify`), debounced so that an
//! editor's save (often a write, a rename and a metadata change) is one
//! change; files being read (cargo reads them all), changes under `target/`
//! and proptest's failure files, which the tests themselves write, are not. Where events do not arrive (network and
//! some container mounts) `--poll-ms` looks at the files' modification
//! times instead. `--once` and `--max-runs` bound it for scripts and tests.
//!
//! Layout: [`Args`], [`run`], picking the exercise, and [`ChangeWatcher`].

use std::any::Any;
use std::path::{Component, Path};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{DebounceEventResult, NoCache, new_debouncer_opt};

use super::Root;
use super::learner::{ExerciseArgs, locate};
use crate::cargo_test::{self, CargoTest, TIME_LIMIT};
use crate::exercises::Exercise;
use crate::progress::Progress;
use crate::status::{check_chapter, load_exercises};
use harness::term::{self, BOLD, CMD, DIM, paint};
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
    /// Look at the files every MS milliseconds instead of waiting for file
    /// events (for network and container mounts, where events do not arrive).
    #[arg(long, value_name = "MS")]
    pub poll_ms: Option<u64>,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Runs `workbook watch`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let Some(mut current) = pick(&ws, &args)? else {
        anstream::println!("Every exercise written so far is solved; nothing to watch.");
        return Ok(ExitCode::SUCCESS);
    };
    let max_runs = if args.once {
        1
    } else {
        args.max_runs.unwrap_or(u32::MAX)
    };
    let poll = args.poll_ms.map(Duration::from_millis);
    let watcher = ChangeWatcher::new(&ws.root.join("chapters"), poll)?;
    for run_number in 1..=max_runs {
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
pub(super) fn pick(ws: &Workspace, args: &Args) -> Result<Option<(&'static str, Exercise)>> {
    match (&args.chapter, &args.exercise) {
        (Some(chapter), Some(exercise)) => {
            let which = ExerciseArgs {
                chapter: chapter.clone(),
                exercise: exercise.clone(),
                root: Root {
                    dir: Some(ws.root.clone()),
                },
            };
            let (_, ch, exercise) = locate(&which)?;
            Ok(Some((ch.chapter, exercise)))
        }
        (Some(chapter), None) => {
            let nn = harness::workspace::chapter_number(chapter)?;
            let progress = Progress::spinner(format!("checking chapter {nn}"));
            let status = check_chapter(ws, nn, false, &progress)?;
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
    let progress = Progress::spinner("looking for an exercise to watch");
    for nn in CHAPTERS.into_iter().filter(|nn| *nn >= from) {
        let status = check_chapter(ws, nn, false, &progress)?;
        if let Some(exercise) = status.first_unsolved() {
            return Ok(Some((nn, exercise.clone())));
        }
    }
    Ok(None)
}

/// Runs one exercise's tests with their output shown; true when all pass.
/// Only the chapter's `exercises` target is built and run, so no other
/// test binary adds its "running 0 tests" to the output.
pub(super) fn run_exercise(
    ws: &Workspace,
    nn: &'static str,
    exercise: &Exercise,
    number: u32,
) -> Result<bool> {
    let title = format!(
        "── run {number}: chapter {nn}, {} ({}) ──",
        exercise.name,
        exercise.check_command(nn)
    );
    anstream::println!("{}", paint(BOLD, title));
    let test = CargoTest::chapter(ws, nn)
        .test_target("exercises")
        .filter(&exercise.test);
    let mut messages = Vec::new();
    let progress = Progress::spinner(format!("testing {}", exercise.name));
    let mut run = test.run(&mut recorder(&progress, &mut messages))?;
    // Another exercise of the chapter that does not compile must not stop
    // this one from being checked: leave it out and run again.
    let names: Vec<String> = load_exercises(ws, nn)?
        .into_iter()
        .map(|e| e.name)
        .collect();
    let others = run
        .broken_exercises(names.iter().map(String::as_str))
        .into_iter()
        .filter(|name| *name != exercise.name)
        .collect::<Vec<_>>();
    if run.build_error.is_some() && !others.is_empty() {
        let note = format!(
            "({} does not compile yet; checking {} without it)",
            others.join(", "),
            exercise.name
        );
        progress.update(note.clone());
        messages.clear();
        run = test
            .clone()
            .skip(others)
            .run(&mut recorder(&progress, &mut messages))?;
        drop(progress);
        anstream::println!("{}", paint(DIM, note));
    } else {
        drop(progress);
    }
    for line in cargo_test::digest(&messages) {
        anstream::println!("{line}");
    }
    let tally = run.tally(&exercise.test);
    let solved = run.build_error.is_none() && tally.all_passed();
    let verdict = if run.build_error.is_some() {
        "does not compile yet (see the first error above)".to_owned()
    } else if run.timed_out {
        format!("the tests were stopped after {} s", TIME_LIMIT.as_secs())
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

/// Keeps every message of a run in `messages`, showing what cargo is doing
/// on `progress`.
fn recorder<'a>(
    progress: &'a Progress,
    messages: &'a mut Vec<cargo_metadata::Message>,
) -> impl FnMut(&cargo_metadata::Message) + 'a {
    move |message| {
        if let Some(detail) = cargo_test::describe(message) {
            progress.update(detail);
        }
        messages.push(message.clone());
    }
}

/// How long a burst of file events must be quiet before it counts as one
/// change: an editor's save is several events in a few milliseconds.
const QUIET: Duration = Duration::from_millis(200);

/// Waits for source files under a directory to change.
pub struct ChangeWatcher {
    changes: Receiver<DebounceEventResult>,
    /// The debouncer and its watcher, kept alive for their events.
    _watching: Box<dyn Any + Send>,
}

impl ChangeWatcher {
    /// Watches `dir` recursively: by file events, or by looking at the
    /// files every `poll` when given (or when the system has no events for
    /// us, every second).
    pub fn new(dir: &Path, poll: Option<Duration>) -> Result<Self> {
        let watching = match poll {
            Some(every) => watch::<PollWatcher>(dir, every),
            None => watch::<RecommendedWatcher>(dir, Duration::from_secs(1)).or_else(|err| {
                anstream::eprintln!("no file events ({err}); looking at the files every second");
                watch::<PollWatcher>(dir, Duration::from_secs(1))
            }),
        };
        let (watching, changes) =
            watching.with_context(|| format!("cannot watch {}", dir.display()))?;
        Ok(Self {
            changes,
            _watching: watching,
        })
    }

    /// Blocks until a source file changes (or changed since the last wait).
    pub fn wait(&self) {
        for batch in &self.changes {
            // An error (such as lost events) may hide a change: run again.
            let Ok(events) = batch else { return };
            // Reading a file is an event too (cargo reads them all).
            let changes = events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)));
            if changes.flat_map(|e| &e.paths).any(|path| is_source(path)) {
                return;
            }
        }
    }
}

/// A debounced watcher of kind `W` on `dir`, and its changes.
fn watch<W: notify::Watcher + Send + 'static>(
    dir: &Path,
    poll: Duration,
) -> notify::Result<(Box<dyn Any + Send>, Receiver<DebounceEventResult>)> {
    let (tx, rx) = mpsc::channel();
    let config = notify::Config::default().with_poll_interval(poll);
    // No file-id cache: it only pairs up renames, which a rerun does not need.
    let mut debouncer = new_debouncer_opt::<_, W, _>(QUIET, None, tx, NoCache, config)?;
    debouncer.watch(dir, RecursiveMode::Recursive)?;
    Ok((Box::new(debouncer), rx))
}

/// Not what builds and tests write: `target/` and proptest's failure files.
fn is_source(path: &Path) -> bool {
    let built = path
        .components()
        .any(|c| c == Component::Normal("target".as_ref()));
    let failures = path
        .extension()
        .is_some_and(|x| x == "proptest-regressions");
    !built && !failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_ends_the_wait_but_reading_and_test_output_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.rs");
        std::fs::write(&file, "fn a() {}").unwrap();
        let watcher = ChangeWatcher::new(dir.path(), None).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            watcher.wait();
            let _ = tx.send(());
        });
        std::fs::read(&file).unwrap();
        std::fs::write(dir.path().join("a.proptest-regressions"), "cc 1").unwrap();
        let quiet = rx.recv_timeout(QUIET * 5);
        assert!(quiet.is_err(), "a read or a failure file ended the wait");
        std::fs::write(&file, "fn a() { todo!() }").unwrap();
        // Bounded: a watcher that never notices fails the test instead of hanging it.
        rx.recv_timeout(Duration::from_secs(30))
            .expect("the change was not noticed within 30 s");
        assert!(!is_source(Path::new("/w/chapters/x/target/debug/a.rs")));
    }
}
