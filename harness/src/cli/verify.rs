//! `workbook verify` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook verify`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook verify`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook verify` is not written yet")
}
