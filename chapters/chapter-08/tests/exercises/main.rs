//! Tests for the exercises of chapter 8: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Values are
//! compared with `expect_eq!`, which prints text escaped with a caret under
//! the first difference (not byte arrays) and the next hint's command; property
//! tests save no failing case into the checkout
//! (`harness::strategies::exercise_config`).

#[macro_use]
extern crate harness;

#[path = "../common/mod.rs"]
mod common;

#[cfg(not(feature = "skip-body_print"))]
mod body_print;
#[cfg(not(feature = "skip-multiline"))]
mod multiline;
#[cfg(not(feature = "skip-new_by_uidl"))]
mod new_by_uidl;
#[cfg(not(feature = "skip-safe_delete"))]
mod safe_delete;
#[cfg(not(feature = "skip-top_headers"))]
mod top_headers;
