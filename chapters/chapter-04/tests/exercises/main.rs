//! Tests for the exercises of chapter 4: the `exercises` test target (the one
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

#[cfg(not(feature = "skip-chat_room"))]
mod chat_room;
#[cfg(not(feature = "skip-idle_timers"))]
mod idle_timers;
#[cfg(not(feature = "skip-session_core"))]
mod session_core;
#[cfg(not(feature = "skip-waker"))]
mod waker;
#[cfg(not(feature = "skip-write_interest"))]
mod write_interest;
