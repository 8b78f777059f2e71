//! `workbook status` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook status`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook status`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook status` is not written yet")
}
