//! # The workbook's harness
//!
//! Everything the chapters' tests and the `workbook` command share (DESIGN.md §5–§6):
//! fake network peers that are real servers on loopback, transcripts of what
//! crossed each connection, seeded fault plans, readable failure messages,
//! property-test strategies, and the exercise manifest model.
//!
//! Layout:
//! - [`workspace`]: finding the repository root and the chapters in it.
//! - [`exercises`]: the `exercises.toml` model (DESIGN.md §4).
//! - `cli` (feature `cli`): the `workbook` command's subcommands.

pub mod exercises;
pub mod workspace;

#[cfg(feature = "cli")]
pub mod cli;
