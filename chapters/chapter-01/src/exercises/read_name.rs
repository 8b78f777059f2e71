//! Exercise `read_name`: read a domain name that may be compressed.
//!
//! A name is labels (a length byte 1..=63, then that many bytes) ending in
//! a zero byte, or ending in a two-byte pointer `11pppppp pppppppp` to the
//! rest of the name elsewhere in the message (RFC 1035 §4.1.4). A hostile
//! message can point a pointer at itself, or past the end: your reader must
//! return an error for those, never loop or panic.
//!
//! Layout: [`read_name`].

use crate::dns::WireError;

// ANCHOR: stub
/// Reads the name starting at `offset` in `msg`. Returns its labels joined
/// with `.` (no final dot; the root is `""`) and the offset just after the
/// name *where it started*: after its zero byte, or after its first pointer.
///
/// Errors: `WireError::Truncated(msg.len())` when a byte is missing;
/// `WireError::PointerLoop { at, to }` for a pointer at `at` whose target
/// `to` is not strictly below the lowest place read so far (the start, then
/// each earlier target) — that rule makes loops impossible;
/// `WireError::BadLabel(pos)` for a length byte starting with bits `01` or
/// `10`; `WireError::NameTooLong` past 255 bytes. Label bytes are plain
/// ASCII in the tests (no escaping needed).
pub fn read_name(msg: &[u8], offset: usize) -> Result<(String, usize), WireError> {
    // TODO: read the labels (and pointers) of the name at `offset`; any
    // message, however hostile, gets a result or an error, never a panic
    // or an endless loop.
    let _ = (msg, offset);
    todo!()
}
// ANCHOR_END: stub
