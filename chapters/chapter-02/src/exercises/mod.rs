//! The exercises of chapter 2.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()`
//! and its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-02 <name>::`, ask for a hint with
//! `cargo workbook hint 02 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-02/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`receive_pattern`] (LuaSocket's receive patterns over any
//! reader), [`deadline`] (a total timeout), [`multi_echo`] (a thread per
//! client: 000's first Try It Yourself), [`retry_client`] (connect retry and
//! clear errors: 000's second Try It Yourself). The library has its own
//! versions of the first two ideas; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-02/receive_pattern.rs"
)]
#[cfg(not(feature = "skip-receive_pattern"))]
pub mod receive_pattern;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-02/deadline.rs"
)]
#[cfg(not(feature = "skip-deadline"))]
pub mod deadline;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-02/multi_echo.rs"
)]
#[cfg(not(feature = "skip-multi_echo"))]
pub mod multi_echo;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-02/retry_client.rs"
)]
#[cfg(not(feature = "skip-retry_client"))]
pub mod retry_client;
