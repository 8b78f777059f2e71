//! `workbook hint`, `solution` and `reset`: help with one exercise.
//!
//! - `hint 06 rot13` prints the exercise's next hint from `exercises.toml`:
//!   the hints are graded, from the idea to a near-solution, and each call
//!   shows one level more (remembered per exercise in
//!   `target/workbook/hints.json`); `--all` shows every level, `--level N`
//!   one (what they show counts as seen). `watch`'s `h` key gives the next
//!   level through `give_hint` too, so both count the same levels.
//! - `solution 06 rot13` runs the exercise's tests first and shows the
//!   reference solution only once they all pass, so it is something to compare
//!   with, not something to copy.
//! - `reset 06 rot13` puts the stub back as handed out (from
//!   `fixtures/stubs/`, so commits and copies without git change nothing),
//!   after saving the learner's version under `target/workbook/reset/`.
//!
//! Layout: the argument structs, the three commands (`hint` with
//! `give_hint`, shared with `watch`, and its helpers), then `locate`,
//! which turns `06 rot13` into an exercise or a helpful error.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Root;
use crate::cargo_test::CargoTest;
use crate::exercises::{ChapterExercises, Exercise, HintsSeen};
use crate::progress::Progress;
use harness::term::{self, BOLD, CMD, DIM, FAIL, OK, WARN, paint};
use harness::workspace::{Workspace, chapter_number};

/// Names one exercise: `workbook hint 06 rot13`.
#[derive(Debug, clap::Args)]
pub struct ExerciseArgs {
    /// The chapter (6, 06 or chapter-06).
    pub chapter: String,
    /// The exercise's name, as listed by `workbook`.
    pub exercise: String,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Arguments of `workbook reset`.
#[derive(Debug, clap::Args)]
pub struct ResetArgs {
    /// The exercise to reset.
    #[command(flatten)]
    pub which: ExerciseArgs,
}

/// Arguments of `workbook hint`.
#[derive(Debug, clap::Args)]
pub struct HintArgs {
    /// The exercise to give a hint for.
    #[command(flatten)]
    pub which: ExerciseArgs,
    /// Show every hint of the exercise at once.
    #[arg(long, conflicts_with = "level")]
    pub all: bool,
    /// Show hint N (1 is the first) instead of the next one.
    #[arg(long, value_name = "N")]
    pub level: Option<usize>,
}

/// Runs `workbook hint`: the next level, the one `--level` names, or all.
pub fn hint(args: HintArgs) -> Result<ExitCode> {
    let (ws, chapter, exercise) = locate(&args.which)?;
    let which = match args.level {
        _ if args.all => Which::All,
        Some(level) => Which::Level(level),
        None => Which::Next,
    };
    give_hint(&ws, chapter.chapter, &exercise, which, Asked::Command)?;
    Ok(ExitCode::SUCCESS)
}

/// Which hints to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    /// One past the highest level seen (the last again once all were seen).
    Next,
    /// This level (1 is the first).
    Level(usize),
    /// Every level.
    All,
}

/// Who asked, which says how to ask for the next hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asked {
    /// `cargo workbook hint`.
    Command,
    /// The `h` key of `watch`.
    Key,
}

/// Shows `which` hints of `exercise` (chapter `nn`) and records them as seen
/// in `target/workbook/hints.json`, so the next call gives the next level.
pub(super) fn give_hint(
    ws: &Workspace,
    nn: &str,
    exercise: &Exercise,
    which: Which,
    asked: Asked,
) -> Result<()> {
    let mut seen = HintsSeen::load(ws);
    let levels = hint_levels(which, exercise, seen.next(nn, exercise))?;
    print_hints(nn, exercise, levels.clone(), which == Which::All);
    let last = *levels.end();
    seen.saw(nn, exercise, last);
    if let Err(err) = seen.save() {
        // The hint is shown; only the next call will repeat it.
        let warning = format!("(the next call will show this hint again: {err:#})");
        anstream::eprintln!("{}", paint(WARN, warning));
    }
    anstream::println!();
    print_after_hint(nn, exercise, last, asked);
    Ok(())
}

/// How to get the next hint, or that the solution waits; how to check.
fn print_after_hint(nn: &str, exercise: &Exercise, last: usize, asked: Asked) {
    let command = |what: &str| paint(CMD, format!("cargo workbook {what} {nn} {}", exercise.name));
    if last < exercise.hints.len() {
        let again = match asked {
            Asked::Command => format!("{} again gives", command("hint")),
            Asked::Key => "Press h again for".to_owned(),
        };
        let next = format!("Still stuck? {again} hint {}.", last + 1);
        anstream::println!("{}", paint(DIM, next));
    } else {
        anstream::println!(
            "That was the last hint. The reference solution is shown once your tests pass: {}",
            command("solution")
        );
    }
    // `watch` checks it by itself at the next save.
    if asked == Asked::Command {
        anstream::println!("Check it with {}", paint(CMD, exercise.check_command(nn)));
    }
}

/// The levels (1 is the first) to show: all of them, the one `--level`
/// names, or `next`.
fn hint_levels(which: Which, ex: &Exercise, next: usize) -> Result<RangeInclusive<usize>> {
    let count = ex.hints.len();
    if count == 0 {
        bail!("exercise {} has no hints in its exercises.toml", ex.name);
    }
    Ok(match which {
        Which::All => 1..=count,
        Which::Level(level) if (1..=count).contains(&level) => level..=level,
        Which::Level(level) => bail!(
            "exercise {} has {count} hints: --level takes 1 to {count}, not {level}",
            ex.name
        ),
        Which::Next => next..=next,
    })
}

/// Prints the hints `levels` of `ex`, under one heading, or one each with
/// `all`.
fn print_hints(nn: &str, ex: &Exercise, levels: RangeInclusive<usize>, all: bool) {
    let count = ex.hints.len();
    let about = format!("chapter {nn}, {}: {}", ex.name, ex.title);
    if !all {
        let heading = format!("Hint {} of {count} for", levels.start());
        anstream::println!("{} {about}", paint(BOLD, heading));
    } else {
        anstream::println!("{} {about}", paint(BOLD, "Hints for"));
    }
    for level in levels {
        anstream::println!();
        if all {
            anstream::println!("{}", paint(BOLD, format!("Hint {level} of {count}")));
        }
        anstream::println!("{}", term::indent(ex.hints[level - 1].trim(), 2));
    }
}

/// Runs `workbook solution`.
pub fn solution(args: ExerciseArgs) -> Result<ExitCode> {
    let (ws, chapter, exercise) = locate(&args)?;
    let nn = chapter.chapter;
    let progress = Progress::spinner(format!("checking {}", exercise.name));
    let run = CargoTest::chapter(&ws, nn)
        .filter(&exercise.test)
        .run_with_progress(&progress)?;
    drop(progress);
    let tally = run.tally(&exercise.test);
    if run.build_error.is_some() || !tally.all_passed() {
        let state = match &run.build_error {
            Some(error) => {
                anstream::eprintln!("{}", term::first_lines(error, 12));
                format!("chapter {nn} does not compile")
            }
            None => format!("{} of {} tests pass", tally.passed, tally.total()),
        };
        anstream::eprintln!(
            "{} exercise {} is not solved yet ({state}).\nThe solution is shown once it passes. Check it with {}\nStuck? {}",
            paint(FAIL, "Not yet:"),
            exercise.name,
            paint(CMD, exercise.check_command(nn)),
            paint(CMD, format!("cargo workbook hint {nn} {}", exercise.name)),
        );
        return Ok(ExitCode::FAILURE);
    }
    let path = chapter.solution_path(&exercise);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the solution {}", path.display()))?;
    let shown = term::relative(&path, &ws.root);
    anstream::println!(
        "{} your {} passes. The reference solution, {shown}:",
        paint(OK, "Solved:"),
        exercise.name
    );
    anstream::println!();
    anstream::println!("{text}");
    // Where the learner's passing version differs, line by line: the
    // reference is easier to learn from next to one's own code.
    let yours_path = ws
        .chapter_dir(nn)
        .join(format!("src/exercises/{}.rs", exercise.name));
    if let Ok(yours) = std::fs::read_to_string(&yours_path) {
        let diff = harness::failure::line_diff(&text, &yours);
        if diff.is_empty() {
            anstream::println!("Yours is the same, line for line.");
        } else {
            let diff = diff.replacen("--- expected\n+++ actual\n", "", 1);
            anstream::println!(
                "{}",
                paint(
                    BOLD,
                    format!(
                        "Yours ({}) against it; - the reference, + yours:",
                        term::relative(&yours_path, &ws.root)
                    )
                )
            );
            anstream::println!("{diff}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `workbook reset`.
pub fn reset(args: ResetArgs) -> Result<ExitCode> {
    let (ws, chapter, exercise) = locate(&args.which)?;
    let stub = chapter.stub_path(&exercise);
    let rel = term::relative(&stub, &ws.root);
    let original = chapter.handed_out(&exercise)?;
    let current = std::fs::read(&stub).unwrap_or_default();
    if current == original {
        anstream::println!("{rel} is already the stub as handed out; nothing to reset.");
        return Ok(ExitCode::SUCCESS);
    }
    let backup = back_up(&ws, chapter.chapter, &exercise, &current)?;
    std::fs::write(&stub, &original).with_context(|| format!("cannot write {rel}"))?;
    let from = term::relative(&chapter.handed_out_path(&exercise), &ws.root);
    anstream::println!(
        "{} {rel} is back to the stub as handed out (a copy of {from}).",
        paint(OK, "Reset:")
    );
    if let Some(backup) = backup {
        let saved = term::relative(&backup, &ws.root);
        anstream::println!(
            "{}",
            paint(DIM, format!("Your version was saved as {saved}."))
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the learner's version under `target/workbook/reset/`; `None` when
/// there was no file.
fn back_up(ws: &Workspace, nn: &str, ex: &Exercise, current: &[u8]) -> Result<Option<PathBuf>> {
    if current.is_empty() {
        return Ok(None);
    }
    let dir = ws.root.join("target").join("workbook").join("reset");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("chapter-{nn}-{}-{stamp}.rs", ex.name));
    std::fs::write(&path, current).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Some(path))
}

/// Finds the workspace, the chapter and the exercise `args` name, or says
/// which exercises there are.
pub(crate) fn locate(args: &ExerciseArgs) -> Result<(Workspace, ChapterExercises, Exercise)> {
    let ws = args.root.open()?;
    let nn = chapter_number(&args.chapter)?;
    let chapter = ChapterExercises::load(&ws, nn)?;
    let Some(exercise) = chapter.find(&args.exercise).cloned() else {
        let names: Vec<&str> = chapter.exercises.iter().map(|e| e.name.as_str()).collect();
        if names.is_empty() {
            bail!("chapter {nn} has no exercises yet");
        }
        bail!(
            "chapter {nn} has no exercise `{}`; its exercises are: {}",
            args.exercise,
            names.join(", ")
        );
    };
    Ok((ws, chapter, exercise))
}
