//! `workbook watch`: re-run the current exercise's tests whenever you save.
//!
//! The current exercise is the first unsolved one, chapter 01 to 09 in the
//! order of each `exercises.toml` (or the one named: `watch 06 rot13`). Its
//! tests run with cargo's output shown; then the command waits for a `.rs`
//! or `.toml` file under `chapters/` to be saved (`changes`) and runs them
//! again. When the exercise passes it moves on to the next unsolved one,
//! whether it was named or not: the learner is done with it.
//!
//! On a terminal it also takes single keys while it waits, as rustlings'
//! watch mode does (`keys`): `h` the next hint (the levels `workbook hint`
//! counts), `r` run again, `n` skip to the next unsolved exercise, `q`
//! quit, `l` or `?` the list. Saves and keys wake the same wait (`Wake`).
//! Where events do not arrive (network and some container mounts)
//! `--poll-ms` looks at the files' modification times instead. `--once`
//! and `--max-runs` bound it for scripts and tests, and the hidden `--keys`
//! plays keys from a string.
//!
//! Layout: [`Args`], [`run`], `Wake` and `Session` (the loop: run, move on,
//! wait, act on a key), then `run_exercise`, shared with `check`. Choosing
//! the exercise is in `watch/choose.rs`, saves in `watch/changes.rs`, keys
//! in `watch/keys.rs`.

use std::collections::VecDeque;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::Root;
use super::learner::{Asked, Which, give_hint};
use crate::cargo_test::{self, CargoTest, TIME_LIMIT};
use crate::exercises::Exercise;
use crate::progress::Progress;
use crate::status::load_exercises;
use harness::term::{self, BOLD, CMD, DIM, paint};
use harness::workspace::Workspace;

mod changes;
mod choose;
mod keys;

use changes::ChangeWatcher;
use choose::next_unsolved;
pub(super) use choose::pick;
use keys::{KEY_LINE, Key, KeySource, key_list};

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
    /// Act on these keys, one per wait, instead of the terminal's (for
    /// tests): `hhq` shows two hints and quits. Running out of them is an
    /// error, so a script says where it ends.
    #[arg(long, value_name = "KEYS", hide = true)]
    pub keys: Option<String>,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Runs `workbook watch`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let Some(current) = pick(&ws, &args)? else {
        anstream::println!("Every exercise written so far is solved; nothing to watch.");
        return Ok(ExitCode::SUCCESS);
    };
    let (wake, wakes) = mpsc::channel();
    let poll = args.poll_ms.map(Duration::from_millis);
    let _watcher = ChangeWatcher::new(&ws.root.join("chapters"), poll, wake.clone())?;
    let keys = KeySource::choose(args.keys.as_deref());
    let with_keys = keys.is_on();
    // Held to the end: puts the terminal back as it was, even when `watch`
    // ends while a key read (a raw terminal) is under way.
    let _terminal = keys.start(wake);
    let mut session = Session {
        ws: &ws,
        current,
        runs: 0,
        max_runs: if args.once {
            1
        } else {
            args.max_runs.unwrap_or(u32::MAX)
        },
        with_keys,
        wakes,
        backlog: VecDeque::new(),
    };
    session.watch()
}

/// What ends a wait: a save or a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// A source file was saved (one for a burst of events).
    Saved,
    /// A key was pressed.
    Key(Key),
    /// `--keys` has no more keys.
    KeysEnded,
}

/// One `watch`: the exercise it is at and what wakes it.
struct Session<'a> {
    ws: &'a Workspace,
    current: (&'static str, Exercise),
    /// Test runs so far, and how many there may be.
    runs: u32,
    max_runs: u32,
    /// Keys are read (a terminal, or `--keys`).
    with_keys: bool,
    wakes: Receiver<Wake>,
    /// Wakes taken from the channel early, still to act on.
    backlog: VecDeque<Wake>,
}

/// What a wait ends in.
enum Then {
    /// Run the tests (again, or of the exercise `n` moved to).
    Run,
    /// Stop with this status.
    Stop(ExitCode),
}

impl Session<'_> {
    /// Runs the tests, moves on when they pass, waits; until the runs are
    /// used up, every exercise is solved or the learner quits.
    fn watch(&mut self) -> Result<ExitCode> {
        loop {
            self.runs += 1;
            let (nn, exercise) = (self.current.0, &self.current.1);
            let solved = run_exercise(self.ws, nn, exercise, self.runs)?;
            if solved && !self.move_on(true)? {
                return Ok(ExitCode::SUCCESS);
            }
            if self.runs >= self.max_runs {
                return Ok(if solved {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                });
            }
            // A solved exercise was left: run the next one's tests straight away.
            if solved {
                continue;
            }
            if let Then::Stop(code) = self.wait()? {
                return Ok(code);
            }
        }
    }

    /// Waits for a save or a key that asks for a run (or to stop), acting on
    /// the keys that do not (a hint, the list) as they come.
    fn wait(&mut self) -> Result<Then> {
        loop {
            self.print_waiting();
            match self.next_wake()? {
                Wake::Saved | Wake::Key(Key::Run) => return Ok(Then::Run),
                Wake::Key(Key::Quit) => return Ok(Then::Stop(ExitCode::SUCCESS)),
                Wake::Key(Key::Next) => {
                    if self.move_on(false)? {
                        return Ok(Then::Run);
                    }
                }
                Wake::Key(Key::Hint) => {
                    let (nn, exercise) = &self.current;
                    give_hint(self.ws, nn, exercise, Which::Next, Asked::Key)?;
                }
                Wake::Key(Key::List) => key_list().iter().for_each(|l| anstream::println!("{l}")),
                Wake::Key(Key::Other(c)) => {
                    let note = format!("The key {c:?} does nothing here; l lists the keys.");
                    anstream::println!("{}", paint(DIM, note));
                }
                Wake::KeysEnded => bail!("the --keys script ended before a q"),
            }
        }
    }

    /// The next wake; saves that came together count as one (a run
    /// covers them all), keys are kept for later.
    fn next_wake(&mut self) -> Result<Wake> {
        let wake = match self.backlog.pop_front() {
            Some(wake) => wake,
            // The file watcher holds a sender for as long as `watch` runs.
            None => self.wakes.recv().context("the file watcher stopped")?,
        };
        if wake == Wake::Saved {
            let pending: Vec<Wake> = self.wakes.try_iter().collect();
            self.backlog.extend(pending);
            self.backlog.retain(|w| *w != Wake::Saved);
        }
        Ok(wake)
    }

    fn print_waiting(&self) {
        let waiting = if self.with_keys {
            format!("Waiting for you to save a file · {KEY_LINE}")
        } else {
            "Waiting for you to save a file (Ctrl-C to stop)…".to_owned()
        };
        anstream::println!("{}", paint(DIM, waiting));
    }

    /// Moves to the next unsolved exercise, saying which; false when there
    /// is none other (`solved`: the current one has just passed).
    fn move_on(&mut self, solved: bool) -> Result<bool> {
        let (nn, name) = (self.current.0, self.current.1.name.clone());
        match next_unsolved(self.ws, nn, &name)? {
            Some(next) => {
                let (nn, e) = &next;
                anstream::println!("Next: chapter {nn}, {}: {}", e.name, e.title);
                self.current = next;
                Ok(true)
            }
            None if solved => {
                anstream::println!("Every exercise written so far is solved. Well done!");
                Ok(false)
            }
            None => {
                let note = format!("No other exercise is unsolved; staying with {name}.");
                anstream::println!("{}", paint(DIM, note));
                Ok(false)
            }
        }
    }
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
