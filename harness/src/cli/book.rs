//! `workbook book` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook book`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook book`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook book` is not written yet")
}
