//! The exercises of chapter 4.
//!
//! Each module here is a stub for you to complete: its bodies are `todo!()` and
//! its `// TODO` comments say what to write. Check one with
//! `cargo test -p chapter-04 <name>::`, ask for a hint with
//! `cargo workbook hint 04 <name>` (ask again for the next one: the idea
//! comes first, the approach next, a near-solution last).
//!
//! With the cargo feature `solutions`, the reference solution in
//! `solutions/chapter-04/<name>.rs` is compiled in place of the stub
//! (DESIGN.md §4), which is how the maintainers check the workbook.
//!
//! Layout: [`session_core`], [`write_interest`], [`chat_room`],
//! [`idle_timers`], [`waker`]. The library has its own versions of these
//! ideas; here you write them yourself.

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-04/session_core.rs"
)]
#[cfg(not(feature = "skip-session_core"))]
pub mod session_core;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-04/write_interest.rs"
)]
#[cfg(not(feature = "skip-write_interest"))]
pub mod write_interest;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-04/chat_room.rs"
)]
#[cfg(not(feature = "skip-chat_room"))]
pub mod chat_room;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-04/idle_timers.rs"
)]
#[cfg(not(feature = "skip-idle_timers"))]
pub mod idle_timers;

#[cfg_attr(
    feature = "solutions",
    path = "../../../../solutions/chapter-04/waker.rs"
)]
#[cfg(not(feature = "skip-waker"))]
pub mod waker;
