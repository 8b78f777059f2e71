//! `workbook hint`, `solution` and `reset` (not written yet).

use std::process::ExitCode;

/// Names one exercise: `workbook hint 06 rot13`.
#[derive(Debug, clap::Args)]
pub struct ExerciseArgs {
    /// The chapter (6, 06 or chapter-06).
    pub chapter: String,
    /// The exercise's name, as listed by `workbook`.
    pub exercise: String,
}

/// Arguments of `workbook reset`.
#[derive(Debug, clap::Args)]
pub struct ResetArgs {
    /// The exercise to reset.
    #[command(flatten)]
    pub which: ExerciseArgs,
}

/// Runs `workbook hint`.
pub fn hint(_args: ExerciseArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not written yet")
}

/// Runs `workbook solution`.
pub fn solution(_args: ExerciseArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not written yet")
}

/// Runs `workbook reset`.
pub fn reset(_args: ResetArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not written yet")
}
