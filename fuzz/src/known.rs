//! Known bugs: what the targets found in code this crate may not change.
//! Each is reported (with its replay command, in `fuzz/README.md`) and its
//! inputs are skipped by the target, so that a run stays green for new
//! findings until the code's owner fixes it. `--known` runs them anyway
//! (they then fail); delete an entry once its fix lands.
//!
//! None is open now: every finding so far is fixed, each with a test in
//! its crate (`fuzz/README.md` lists them).
//!
//! # Layout
//! [`run_known`], [`set_run_known`]; one predicate per finding.

use std::sync::atomic::{AtomicBool, Ordering};

static RUN_KNOWN: AtomicBool = AtomicBool::new(false);

/// Whether inputs that hit known bugs are run too (`--known`).
pub fn run_known() -> bool {
    RUN_KNOWN.load(Ordering::Relaxed)
}

/// Runs (true) or skips (false) the inputs of known bugs.
pub fn set_run_known(on: bool) {
    RUN_KNOWN.store(on, Ordering::Relaxed);
}
