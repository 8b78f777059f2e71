//! # The `workbook` command
//!
//! The learner's and the instructor's command line (DESIGN.md §6), run as
//! `cargo workbook …` from the repository root (a cargo alias for
//! `cargo run -q -p workbook --`).

pub mod book;
pub mod cargo_test;
pub mod cli;
pub mod exercises;
pub mod grade;

pub use cli::main;
