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

#[cfg(not(feature = "skip-chunked_decode"))]
mod chunked_decode;
#[cfg(not(feature = "skip-dir_listing"))]
mod dir_listing;
#[cfg(not(feature = "skip-redirects"))]
mod redirects;
#[cfg(not(feature = "skip-request_head"))]
mod request_head;
#[cfg(not(feature = "skip-response_writer"))]
mod response_writer;
#[cfg(not(feature = "skip-rest_api"))]
mod rest_api;
#[cfg(not(feature = "skip-safe_path"))]
mod safe_path;
