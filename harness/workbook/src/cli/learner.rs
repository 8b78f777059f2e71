//! `workbook hint`, `solution` and `reset`: help with one exercise.
//!
//! - `hint 06 rot13` prints the exercise's hint from `exercises.toml`.
//! - `solution 06 rot13` runs the exercise's tests first and shows the
//!   reference solution only once they all pass, so it is something to compare
//!   with, not something to copy.
//! - `reset 06 rot13` puts the stub back as handed out (from
//!   `fixtures/stubs/`, so commits and copies without git change nothing),
//!   after saving the learner's version under `target/workbook/reset/`.
//!
//! Layout: the argument structs, the three commands, then `locate`, which
//! turns `06 rot13` into an exercise or a helpful error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Root;
use crate::cargo_test::CargoTest;
use crate::exercises::{ChapterExercises, Exercise};
use crate::progress::Progress;
use harness::term::{self, BOLD, CMD, DIM, FAIL, OK, paint};
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

/// Runs `workbook hint`.
pub fn hint(args: ExerciseArgs) -> Result<ExitCode> {
    let (_, chapter, exercise) = locate(&args)?;
    let nn = chapter.chapter;
    anstream::println!(
        "{} chapter {nn}, {}: {}",
        paint(BOLD, "Hint for"),
        exercise.name,
        exercise.title
    );
    anstream::println!();
    anstream::println!("{}", term::indent(exercise.hint.trim(), 2));
    anstream::println!();
    anstream::println!("Check it with {}", paint(CMD, exercise.check_command(nn)));
    Ok(ExitCode::SUCCESS)
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
