//! Tests for the exercises of chapter 3, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`udp_retry::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub. Sockets are on 127.0.0.1, port 0; every wait is bounded.

#[path = "../common/mod.rs"]
mod common;

mod chat_room;
mod largest_datagram;
mod nonblocking_server;
mod truncation;
mod udp_retry;
