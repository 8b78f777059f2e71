//! Tests for the exercises of chapter 3: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Sockets are on
//! 127.0.0.1, port 0; every wait is bounded. Failing proptest cases go to
//! `<name>.proptest-regressions` beside each file
//! (`harness::strategies::config`), which git ignores.

#[path = "../common/mod.rs"]
mod common;

mod chat_room;
mod largest_datagram;
mod nonblocking_server;
mod truncation;
mod udp_retry;
