//! `workbook check [NN NAME]`: one exercise's tests, once, with a short
//! verdict: the exercise named, or the current one (the first unsolved, as
//! `watch` picks it). It is `watch --once` under the name a learner looks
//! for; exit status 0 when the exercise passes.

use std::process::ExitCode;

use anyhow::Result;

use super::Root;
use super::watch::{self, pick, run_exercise};

/// Arguments of `workbook check`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The chapter (default: the current exercise's).
    pub chapter: Option<String>,
    /// The exercise (with a chapter; default: the chapter's first unsolved).
    #[arg(requires = "chapter")]
    pub exercise: Option<String>,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Runs `workbook check`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let which = watch::Args {
        chapter: args.chapter,
        exercise: args.exercise,
        once: true,
        ..watch::Args::default()
    };
    let Some((nn, exercise)) = pick(&ws, &which)? else {
        anstream::println!("Every exercise written so far is solved. Well done!");
        return Ok(ExitCode::SUCCESS);
    };
    let solved = run_exercise(&ws, nn, &exercise, 1)?;
    Ok(if solved {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
