//! The exercises of chapter 7.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()`
//! and its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-07 <name>::`, ask for a hint with
//! `cargo workbook hint 07 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-07/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`dot_stuff`] (DATA encoding as a chunk-safe filter),
//! [`reply_parser`] (multi-line replies), [`auth_login`] (the AUTH LOGIN
//! exchange), [`envelope`] (recipients vs headers, Bcc), [`header_fold`]
//! (folding and encoded words). The library has its own versions of these
//! ideas; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-07/dot_stuff.rs"
)]
#[cfg(not(feature = "skip-dot_stuff"))]
pub mod dot_stuff;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-07/reply_parser.rs"
)]
#[cfg(not(feature = "skip-reply_parser"))]
pub mod reply_parser;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-07/auth_login.rs"
)]
#[cfg(not(feature = "skip-auth_login"))]
pub mod auth_login;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-07/envelope.rs"
)]
#[cfg(not(feature = "skip-envelope"))]
pub mod envelope;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-07/header_fold.rs"
)]
#[cfg(not(feature = "skip-header_fold"))]
pub mod header_fold;
