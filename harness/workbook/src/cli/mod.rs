//! The `workbook` command line (DESIGN.md §6).
//!
//! One module per subcommand; each exports an `Args` struct (clap) and a `run`
//! function returning the process exit code, and does the printing; the work
//! itself is done by the crate's other modules. What every subcommand takes
//! ([`Root`], `--root`) is here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use harness::workspace::Workspace;

pub mod book;
pub mod check;
pub mod conform;
pub mod grade;
pub mod learner;
pub mod peer;
pub mod status;
pub mod verify;
pub mod watch;

/// The workbook: learn network programming in Rust, chapter by chapter.
#[derive(Debug, Parser)]
#[command(name = "workbook", bin_name = "cargo workbook", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, show your progress.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Your progress: each chapter's examples and exercises, and what to do next.
    Status(status::Args),
    /// Show the next hint for one exercise (`--all`: every hint).
    Hint(learner::HintArgs),
    /// Show the reference solution of an exercise you have already solved.
    Solution(learner::ExerciseArgs),
    /// Put an exercise's stub back as it was handed out.
    Reset(learner::ResetArgs),
    /// Check one exercise (default: the current one): only its tests, a short verdict.
    Check(check::Args),
    /// Re-run the current exercise's tests whenever you save a file.
    Watch(watch::Args),
    /// Maintainers' check: every stub fails its tests, every solution passes.
    Verify(verify::Args),
    /// Build the book into target/book (and optionally serve it).
    Book(book::Args),
    /// Run one fake peer by hand, printing its transcript.
    Peer(peer::Args),
    /// Check a program in any language against the reference transcripts.
    Conform(conform::Args),
    /// Instructors: grade learners' checkouts test by test, with reports.
    Grade(grade::Args),
}

/// Entry point of the `workbook` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => status::run(status::Args::default()),
        Some(Command::Status(args)) => status::run(args),
        Some(Command::Hint(args)) => learner::hint(args),
        Some(Command::Solution(args)) => learner::solution(args),
        Some(Command::Reset(args)) => learner::reset(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Watch(args)) => watch::run(args),
        Some(Command::Verify(args)) => verify::run(args),
        Some(Command::Book(args)) => book::run(args),
        Some(Command::Peer(args)) => peer::run(args),
        Some(Command::Conform(args)) => conform::run(args),
        Some(Command::Grade(args)) => grade::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("workbook: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `--root DIR`, which every subcommand takes: the workbook checkout it
/// works on.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Root {
    /// The workbook checkout (default: the one you are in).
    #[arg(long = "root", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl Root {
    /// The workspace at `--root`, or the one around the current directory.
    pub fn open(&self) -> Result<Workspace> {
        match &self.dir {
            Some(root) => Workspace::at(root),
            None => Workspace::discover(&std::env::current_dir()?),
        }
    }
}
