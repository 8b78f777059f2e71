//! The exercises of chapter 9.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()` and
//! its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-09 <name>::`, ask for a hint with
//! `cargo workbook hint 09 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-09/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`echo_core`] (the seed's echo service), [`pipe_client`] (the
//! seed's client, both pipes at once), [`lua_escape`] (the serializer),
//! [`reader_limits`] (the safe reader), [`socket_client`] (the seed's third
//! exercise: the client on a socket). The library has its own versions of
//! these ideas; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-09/echo_core.rs"
)]
#[cfg(not(feature = "skip-echo_core"))]
pub mod echo_core;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-09/pipe_client.rs"
)]
#[cfg(not(feature = "skip-pipe_client"))]
pub mod pipe_client;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-09/lua_escape.rs"
)]
#[cfg(not(feature = "skip-lua_escape"))]
pub mod lua_escape;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-09/reader_limits.rs"
)]
#[cfg(not(feature = "skip-reader_limits"))]
pub mod reader_limits;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-09/socket_client.rs"
)]
#[cfg(not(feature = "skip-socket_client"))]
pub mod socket_client;
