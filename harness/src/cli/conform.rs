//! `workbook conform` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook conform`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook conform`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook conform` is not written yet")
}
