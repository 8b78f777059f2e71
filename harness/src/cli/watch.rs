//! `workbook watch` (not written yet).

use std::process::ExitCode;

/// Arguments of `workbook watch`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {}

/// Runs `workbook watch`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`workbook watch` is not written yet")
}
