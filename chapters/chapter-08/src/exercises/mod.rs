//! The exercises of chapter 8.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()`
//! and its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-08 <name>::`, ask for a hint with
//! `cargo workbook hint 08 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-08/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`multiline`] (data lines and dot-unstuffing), [`top_headers`]
//! (unfolding), [`body_print`] (the seed's exercise 2, used by `pop_body`),
//! [`safe_delete`] (DELE, RSET, QUIT), [`new_by_uidl`] (only new mail).

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-08/multiline.rs"
)]
#[cfg(not(feature = "skip-multiline"))]
pub mod multiline;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-08/top_headers.rs"
)]
#[cfg(not(feature = "skip-top_headers"))]
pub mod top_headers;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-08/body_print.rs"
)]
#[cfg(not(feature = "skip-body_print"))]
pub mod body_print;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-08/safe_delete.rs"
)]
#[cfg(not(feature = "skip-safe_delete"))]
pub mod safe_delete;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-08/new_by_uidl.rs"
)]
#[cfg(not(feature = "skip-new_by_uidl"))]
pub mod new_by_uidl;
