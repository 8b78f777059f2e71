//! The exercises of chapter 5.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()` and
//! its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-05 <name>::`, ask for a hint with
//! `cargo workbook hint 05 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-05/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`request_head`], [`safe_path`], [`response_writer`],
//! [`redirects`], [`chunked_decode`], [`dir_listing`] and [`rest_api`]
//! (000's Try It Yourself items). The library has its own versions of the
//! first five; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/request_head.rs"
)]
#[cfg(not(feature = "skip-request_head"))]
pub mod request_head;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/safe_path.rs"
)]
#[cfg(not(feature = "skip-safe_path"))]
pub mod safe_path;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/response_writer.rs"
)]
#[cfg(not(feature = "skip-response_writer"))]
pub mod response_writer;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/redirects.rs"
)]
#[cfg(not(feature = "skip-redirects"))]
pub mod redirects;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/chunked_decode.rs"
)]
#[cfg(not(feature = "skip-chunked_decode"))]
pub mod chunked_decode;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/dir_listing.rs"
)]
#[cfg(not(feature = "skip-dir_listing"))]
pub mod dir_listing;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-05/rest_api.rs"
)]
#[cfg(not(feature = "skip-rest_api"))]
pub mod rest_api;
