//! Tests for the exercises of chapter 8: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Failing proptest
//! cases go to `<name>.proptest-regressions` beside each file
//! (`harness::strategies::config`), which git ignores.

#[path = "../common/mod.rs"]
mod common;

mod body_print;
mod multiline;
mod new_by_uidl;
mod safe_delete;
mod top_headers;
