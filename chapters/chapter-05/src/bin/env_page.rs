//! 002's env_page: writes an index page. The seed listed Lua's library
//! functions; this lists the workbook's chapters and their programs.
//!
//! `cargo run -p chapter-05 --bin env_page -- -o /tmp/site/index.html`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chapter_05::cli::finish;
use chapter_05::index_page::{html, scan};
use clap::Parser;

/// Write an HTML page listing the workbook's chapters and their programs.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The chapters directory (default: this checkout's).
    #[arg(long)]
    chapters: Option<PathBuf>,
    /// Write the page here instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn run(args: Args) -> anyhow::Result<()> {
    let dir = args
        .chapters
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")));
    let chapters = scan(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let page = html(&chapters);
    match args.output {
        Some(path) => {
            std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            print!("{page}");
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    finish("env_page", run(Args::parse()))
}
