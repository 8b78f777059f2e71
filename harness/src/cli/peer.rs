//! `workbook peer` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook peer`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook peer`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook peer` is not written yet")
}
