//! Structured data between programs as Lua table literals: the seed's
//! closing idea, kept safe.
//!
//! The seed serializes nested Lua tables as Lua source and has the receiver
//! run that source to rebuild them. The text form is good (compact,
//! readable, and Lua itself can load it); running it is not. Here the
//! [`write`](mod@write) side produces exactly such text and the [`read`](mod@read) side parses it
//! back into a [`Value`] with limits, never evaluating anything.
//!
//! Layout:
//! - [`value`]: [`Value`], [`Table`], [`TableRef`] (shared by reference,
//!   so sharing and cycles are representable and detectable).
//! - [`write`](mod@write): [`to_lua`] and its options and errors.
//! - [`key`]: keys as Lua compares them (shared by writer and reader).
//! - [`read`](mod@read): [`from_lua`] with [`Limits`]; [`lex`]: its tokens;
//!   [`error`]: [`ReadError`] with line and column.
//! - [`dump`]: a canonical one-line dump, the same as the Lua script in
//!   `chapters/chapter-09/fixtures/dump.lua` prints, for comparing with Lua itself.

pub mod dump;
pub mod error;
pub mod key;
pub mod lex;
pub mod read;
pub mod value;
pub mod write;

pub use error::{ReadError, ReadErrorKind};
pub use read::{Limits, from_lua};
pub use value::{Table, TableRef, Value};
pub use write::{WriteError, WriteOptions, to_lua};
