//! The exercises of chapter 3.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()`
//! and its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-03 <name>::`, ask for a hint with
//! `cargo workbook hint 03 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-03/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`udp_retry`] (timeout and retries against a lossy server),
//! [`truncation`] (noticing a datagram cut short), [`largest_datagram`]
//! (seed 000: larger datagrams), [`chat_room`] (seed 000: a UDP chat),
//! [`nonblocking_server`] (seed 000: a non-blocking UDP server).

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-03/udp_retry.rs"
)]
#[cfg(not(feature = "skip-udp_retry"))]
pub mod udp_retry;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-03/truncation.rs"
)]
#[cfg(not(feature = "skip-truncation"))]
pub mod truncation;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-03/largest_datagram.rs"
)]
#[cfg(not(feature = "skip-largest_datagram"))]
pub mod largest_datagram;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-03/chat_room.rs"
)]
#[cfg(not(feature = "skip-chat_room"))]
pub mod chat_room;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-03/nonblocking_server.rs"
)]
#[cfg(not(feature = "skip-nonblocking_server"))]
pub mod nonblocking_server;
