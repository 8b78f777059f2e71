//! # The `workbook` command
//!
//! The learner's and the instructor's command line (DESIGN.md §6), run as
//! `cargo workbook …` from the repository root (a cargo alias for
//! `cargo run -q -p workbook --`): your progress, hints and solutions,
//! `watch`, the maintainers' `verify`, the book, fake peers by hand,
//! conformance runs for programs in any language, and grading a class.
//!
//! # Layout
//!
//! Two layers: [`cli`] reads the command line and prints; the other
//! modules do the work and print nothing but progress. Dependencies point
//! from `cli` to the services, and among the services from the top of
//! this list down, never back.
//!
//! - [`cli`]: one module per subcommand (its clap `Args` and its `run`),
//!   open the one you typed: `cli::status` for `cargo workbook`,
//!   `cli::learner` for `hint`/`solution`/`reset`, `cli::watch`,
//!   `cli::verify`, `cli::book`, `cli::peer` (the fake peers by hand and
//!   their registry), `cli::conform`, `cli::grade`.
//! - [`grade`]: grading a classroom's checkouts: the grading copy, the
//!   sandbox, running each test alone, and the reports (JSON, JUnit, the
//!   summary table).
//! - [`status`]: a chapter's state from its tests (solved exercises,
//!   worked examples, compiler errors), and the cache that spares re-running
//!   an unchanged chapter.
//! - [`cargo_test`]: running `cargo test` for a chapter under a time limit
//!   and reading cargo's JSON messages and libtest's lines into results.
//! - [`book`]: building the mdBook and finding dangling includes; the
//!   sequence diagrams its `{{#transcript}}` directive draws.
//! - [`exercises`]: a chapter's `exercises.toml` and where its stubs and
//!   solutions live.
//! - [`progress`]: the spinner or bar on stderr while the learner waits.

pub mod book;
pub mod cargo_test;
pub mod cli;
pub mod exercises;
pub mod grade;
pub mod listings;
pub mod progress;
pub mod status;

pub use cli::main;
