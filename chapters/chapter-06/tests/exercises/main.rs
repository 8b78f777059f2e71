//! Tests for the exercises of chapter 6: the `exercises` test target (the one
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

#[cfg(not(feature = "skip-base64_stream"))]
mod base64_stream;
#[cfg(not(feature = "skip-checksum_sink"))]
mod checksum_sink;
#[cfg(not(feature = "skip-eol_crlf"))]
mod eol_crlf;
#[cfg(not(feature = "skip-qp_soft_breaks"))]
mod qp_soft_breaks;
#[cfg(not(feature = "skip-rot13"))]
mod rot13;
