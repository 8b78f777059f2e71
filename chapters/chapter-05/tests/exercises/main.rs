//! Tests for the exercises of chapter 5: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. The REST API is
//! also served over loopback by the chapter's server and driven by a real
//! client connection. Failing proptest cases go to `<name>.proptest-
//! regressions` beside each file (`harness::strategies::config`), which git
//! ignores.

#[macro_use]
extern crate harness;

mod chunked_decode;
mod dir_listing;
mod redirects;
mod request_head;
mod response_writer;
mod rest_api;
mod safe_path;
