//! Tests for the exercises of chapter 4, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`session_core::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub.

#[path = "exercises/chat_room.rs"]
mod chat_room;
#[path = "exercises/idle_timers.rs"]
mod idle_timers;
#[path = "exercises/session_core.rs"]
mod session_core;
#[path = "exercises/waker.rs"]
mod waker;
#[path = "exercises/write_interest.rs"]
mod write_interest;
