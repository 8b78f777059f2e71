//! The exercises of chapter 6.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()` and
//! its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-06 <name>::`, ask for a hint with
//! `cargo run -p harness -- hint 06 <name>`.
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-06/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/rot13.rs"
)]
pub mod rot13;
