//! Tests for the exercises of chapter 2: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Peers are real
//! servers on loopback from the harness, with fault plans that chop, delay,
//! close and reset. Values are compared with
//! `expect_eq!`, which prints text escaped with a caret under the first
//! difference (not byte arrays) and the next hint's command; property tests
//! save no failing case into the checkout (`harness::strategies::exercise_config`).

#[macro_use]
extern crate harness;

#[path = "../common/mod.rs"]
mod common;

#[cfg(not(feature = "skip-deadline"))]
mod deadline;
#[cfg(not(feature = "skip-multi_echo"))]
mod multi_echo;
#[cfg(not(feature = "skip-receive_pattern"))]
mod receive_pattern;
#[cfg(not(feature = "skip-retry_client"))]
mod retry_client;
