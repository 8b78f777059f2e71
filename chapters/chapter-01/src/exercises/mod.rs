//! The exercises of chapter 1.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()`
//! and its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-01 <name>::`, ask for a hint with
//! `cargo workbook hint 01 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-01/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`query_packet`] (build a DNS query), [`read_name`] (read a
//! compressed name), [`cname_chase`] (reply → canonical name, aliases,
//! addresses), [`url_authority`] (split `user:password@host:port`),
//! [`url_absolute`] (RFC 3986 §5.2). The library has its own versions of
//! these; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-01/query_packet.rs"
)]
#[cfg(not(feature = "skip-query_packet"))]
pub mod query_packet;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-01/read_name.rs"
)]
#[cfg(not(feature = "skip-read_name"))]
pub mod read_name;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-01/cname_chase.rs"
)]
#[cfg(not(feature = "skip-cname_chase"))]
pub mod cname_chase;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-01/url_authority.rs"
)]
#[cfg(not(feature = "skip-url_authority"))]
pub mod url_authority;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-01/url_absolute.rs"
)]
#[cfg(not(feature = "skip-url_absolute"))]
pub mod url_absolute;
