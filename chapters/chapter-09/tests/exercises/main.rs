//! Tests for the exercises of chapter 9: the `exercises` test target (the one
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

#[cfg(not(feature = "skip-echo_core"))]
mod echo_core;
#[cfg(not(feature = "skip-lua_escape"))]
mod lua_escape;
#[cfg(not(feature = "skip-pipe_client"))]
mod pipe_client;
#[cfg(not(feature = "skip-reader_limits"))]
mod reader_limits;
#[cfg(not(feature = "skip-socket_client"))]
mod socket_client;
