//! Exercise `reader_limits`: read Lua table literals back, safely.
//!
//! Build values from text without running anything, with three limits: the
//! input size, the nesting depth, and the number of values. The tokens are
//! done for you by [`Cursor`](crate::lua::lex::Cursor) (`skip_space`,
//! `string`, `long_bracket`, `numeral`, `name`); you write the grammar.
//!
//! Layout: [`read`].

use crate::lua::{Limits, ReadError, Value};

// ANCHOR: stub
/// Reads one value (optionally after `return`) from `text` within `limits`.
///
/// value := `true` | `false` | numeral | `-` numeral | string | table;
/// table := `{` \[field {(`,`|`;`) field} \[`,`|`;`\]\] `}`;
/// field := `[` value `]` `=` value | name `=` value | value.
///
/// Errors ([`ReadErrorKind`](crate::lua::ReadErrorKind)): `TooLarge` if
/// `text` is longer than `max_bytes`; `TooDeep` when a table opens deeper
/// than `max_depth` (the outermost table is depth 1); `TooManyItems` when
/// more than `max_items` values (tables and bracketed keys included) are read; `Nil` for `nil`;
/// `Code(name)` for any other name where a value belongs; `Unexpected` for
/// anything else, including text after the value.
pub fn read(text: &[u8], limits: Limits) -> Result<Value, ReadError> {
    // TODO: the value, or the first error above, with where it is:
    // `ReadError::at(text, offset, kind)`, `Cursor::error` and
    // `Cursor::unexpected` build errors that carry a position.
    let _ = (text, limits);
    todo!()
}
// ANCHOR_END: stub
