//! Tests for the exercises of chapter 7: the `exercises` test target (the one
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

#[cfg(not(feature = "skip-auth_login"))]
mod auth_login;
#[cfg(not(feature = "skip-dot_stuff"))]
mod dot_stuff;
#[cfg(not(feature = "skip-envelope"))]
mod envelope;
#[cfg(not(feature = "skip-header_fold"))]
mod header_fold;
#[cfg(not(feature = "skip-reply_parser"))]
mod reply_parser;
