//! # Hostile input for the workbook's parsers, codecs and sessions
//!
//! Every chapter parses bytes that come from someone else: DNS replies,
//! URLs, HTTP heads and chunked bodies, base64 and quoted-printable, SMTP
//! and POP3 replies and commands, mail headers, Lua literals; the harness
//! parses fault plans, account files and transcripts. This crate feeds
//! them generated inputs (random bytes, mutated fixtures, soups of
//! protocol words, now and then a few MiB) and checks that none panics,
//! hangs or takes a lot of memory, and that each keeps its property (round
//! trips, chunking invariance, agreement with a second implementation).
//!
//! It is a plain program on stable Rust: no libFuzzer, no nightly, no
//! coverage feedback. Every input is made from the run's seed, the
//! target's name and its index, so a failure prints a command that makes
//! that one input again.
//!
//! # Layout
//! - [`targets`]: the targets, one module per area, and the registry.
//! - [`run`]: judging inputs (panics, property, time, heap); [`pool`]:
//!   threads and the watchdog; [`show`]: what is printed.
//! - [`make`]: making inputs; [`words`]: the protocol pieces they use;
//!   [`corpus`]: the fixtures they mutate; [`made`]: seeds written by the
//!   workbook's own encoders.
//! - [`known`]: bugs found and reported, skipped until fixed.
//! - [`check`]: what targets share (comparisons, chunkings, a chunked
//!   in-memory stream); [`alloc`]: the counting allocator.
//!
//! The binary (`src/main.rs`) is the command line; see `fuzz/README.md`.

pub mod alloc;
pub mod check;
pub mod corpus;
pub mod known;
pub mod made;
pub mod make;
pub mod pool;
pub mod run;
pub mod show;
pub mod targets;
pub mod words;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// The workspace root the fixtures are read from: the one [`set_root`]
/// gave, else the one this crate was built in.
pub fn root() -> &'static Path {
    ROOT.get_or_init(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// Sets the workspace root (once, before any target runs).
pub fn set_root(root: PathBuf) {
    let _ = ROOT.set(root);
}

/// The command that replays an input, run from the repository root
/// (`--target NAME --seed S --index I` follow it).
pub const REPLAY: &str = "cargo run --profile fuzz --manifest-path fuzz/Cargo.toml --";
