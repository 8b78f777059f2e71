//! Tests for the exercises of chapter 3: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Sockets are on
//! 127.0.0.1, port 0; every wait is bounded. Values are compared with
//! `expect_eq!`, which prints text escaped with a caret under the first
//! difference (not byte arrays) and the next hint's command; property tests
//! save no failing case into the checkout (`harness::strategies::exercise_config`).

#[macro_use]
extern crate harness;

#[path = "../common/mod.rs"]
mod common;

#[cfg(not(feature = "skip-chat_room"))]
mod chat_room;
#[cfg(not(feature = "skip-largest_datagram"))]
mod largest_datagram;
#[cfg(not(feature = "skip-nonblocking_server"))]
mod nonblocking_server;
#[cfg(not(feature = "skip-truncation"))]
mod truncation;
#[cfg(not(feature = "skip-udp_retry"))]
mod udp_retry;
