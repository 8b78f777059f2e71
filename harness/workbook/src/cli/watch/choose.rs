//! Which exercise `watch` (and `check`) works on: the one named, the first
//! unsolved one, or the next unsolved one after the current.
//!
//! "Unsolved" comes from running the chapters' exercise tests
//! ([`check_chapter`]), in the workbook's order: chapter 01 to 09, each in
//! the order of its `exercises.toml`.
//!
//! Layout: [`pick`], then `first_unsolved` and [`next_unsolved`].

use anyhow::{Result, bail};

use super::Args;
use crate::cli::Root;
use crate::cli::learner::{ExerciseArgs, locate};
use crate::exercises::Exercise;
use crate::progress::Progress;
use crate::status::check_chapter;
use harness::workspace::{CHAPTERS, Workspace};

/// The exercise to start with: the named one, the first unsolved one of the
/// named chapter, or the first unsolved one overall.
pub(in crate::cli) fn pick(
    ws: &Workspace,
    args: &Args,
) -> Result<Option<(&'static str, Exercise)>> {
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

/// The first unsolved exercise after exercise `name` of chapter `nn`, in the
/// workbook's order, coming round to chapter 01 after chapter 09 (so an
/// exercise skipped earlier comes back); `None` when every other one is
/// solved. Each chapter is checked at most once.
pub(super) fn next_unsolved(
    ws: &Workspace,
    nn: &'static str,
    name: &str,
) -> Result<Option<(&'static str, Exercise)>> {
    let progress = Progress::spinner("looking for the next unsolved exercise");
    let at = CHAPTERS.iter().position(|c| *c == nn).unwrap_or(0);
    // The current chapter's unsolved exercises before `name`: the last resort.
    let mut before = None;
    for &ch in CHAPTERS[at..].iter().chain(&CHAPTERS[..at]) {
        let status = check_chapter(ws, ch, false, &progress)?;
        let current = status.exercises.iter().position(|(e, _)| e.name == name);
        let exercises = status.exercises.iter().enumerate();
        let unsolved = exercises.filter(|(_, (_, tally))| !tally.all_passed());
        for (i, (exercise, _)) in unsolved {
            match current.filter(|_| ch == nn) {
                Some(at) if i < at => {
                    before.get_or_insert_with(|| exercise.clone());
                }
                Some(at) if i == at => {}
                _ => return Ok(Some((ch, exercise.clone()))),
            }
        }
    }
    Ok(before.map(|exercise| (nn, exercise)))
}
