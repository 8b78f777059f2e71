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
//! - [`peer`]: the peer framework (`spawn_tcp`, `PeerHandle`, `Conn`, named peers);
//!   [`echo`]: the echo peer; [`swarm`]: N concurrent clients.
//! - [`transcript`]: recorded connection events as stable, redacted text.
//! - [`fault`]: seeded, replayable fault plans.
//! - [`failure`]: readable failure messages (caret under the first differing
//!   byte, socket hints, by-hand commands); [`conform`]: `workbook conform`'s
//!   engine (cases, process groups, references, reports).
//! - [`strategies`]: proptest strategies; [`fixtures`]: rstest fixtures;
//!   [`real`]: finding real peer programs (skip visibly, or fail under
//!   `WORKBOOK_REQUIRE_PEERS=1`).
//! - [`program`]: a chapter's server program run by a test as a process;
//!   [`golden`]: output compared with a committed file (`WORKBOOK_UPDATE_GOLDEN=1`
//!   rewrites our own).
//! - [`cargo_test`]: running a chapter's `cargo test` and reading libtest's
//!   per-test results; [`term`]: colours and progress lines for commands.
//! - `book` (feature `cli`): building the book with mdBook and checking its includes.
//! - `cli` (feature `cli`): the `workbook` command's subcommands; `grade`
//!   (feature `cli`): grading a classroom's checkouts in a sandbox.

pub mod daytime;
pub mod dns;
pub mod echo;
pub mod failure;
pub mod fault;
pub mod fixtures;
pub mod golden;
pub mod greeting;
pub mod http;
pub mod inetd;
pub mod peer;
pub mod pop3;
pub mod proc;
pub mod program;
pub mod real;
pub mod smtp;
pub mod strategies;
pub mod swarm;
pub mod term;
pub mod transcript;
pub mod workspace;
