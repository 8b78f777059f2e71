//! The exercises of chapter 6.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()` and
//! its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-06 <name>::`, ask for a hint with
//! `cargo workbook hint 06 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-06/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`rot13`] (the seed's exercise), [`base64_stream`],
//! [`qp_soft_breaks`], [`eol_crlf`], [`checksum_sink`]. The library has its
//! own versions of these ideas; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/rot13.rs"
)]
#[cfg(not(feature = "skip-rot13"))]
pub mod rot13;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/base64_stream.rs"
)]
#[cfg(not(feature = "skip-base64_stream"))]
pub mod base64_stream;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/qp_soft_breaks.rs"
)]
#[cfg(not(feature = "skip-qp_soft_breaks"))]
pub mod qp_soft_breaks;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/eol_crlf.rs"
)]
#[cfg(not(feature = "skip-eol_crlf"))]
pub mod eol_crlf;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-06/checksum_sink.rs"
)]
#[cfg(not(feature = "skip-checksum_sink"))]
pub mod checksum_sink;
