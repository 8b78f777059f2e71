//! Tests for the exercises of chapter 2, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`receive_pattern::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub. Peers are real servers on loopback from the harness, with
//! fault plans that chop, delay, close and reset.

mod common;

#[path = "exercises/deadline.rs"]
mod deadline;
#[path = "exercises/multi_echo.rs"]
mod multi_echo;
#[path = "exercises/receive_pattern.rs"]
mod receive_pattern;
#[path = "exercises/retry_client.rs"]
mod retry_client;
