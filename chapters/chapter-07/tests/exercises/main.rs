//! Tests for the exercises of chapter 7: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Failing proptest
//! cases go to `<name>.proptest-regressions` beside each file
//! (`harness::strategies::config`), which git ignores.

mod auth_login;
mod dot_stuff;
mod envelope;
mod header_fold;
mod reply_parser;
