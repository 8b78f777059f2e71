//! # Chapter 8 — Receiving mail: POP3
//!
//! Not written yet. This chapter will teach the POP3 states and commands, multi-line replies and dot-unstuffing, reading headers and bodies, and deleting mail safely.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
