//! Exercise: deleting messages so that a failure deletes nothing.
//!
//! DELE only marks a message; the server deletes at QUIT (RFC 1939 §6), and
//! a connection that drops before QUIT's `+OK` deletes nothing. So: mark
//! each message; if one mark is refused, RSET (clear every mark) and QUIT,
//! and report the failure; otherwise QUIT, and only a `+OK` to QUIT means
//! the messages are gone.

use std::io::{Read, Write};

use crate::pop3::{Client, Pop3Error};

// ANCHOR: stub
/// Deletes `which` (message numbers) all or none, ending the session;
/// returns the numbers deleted.
pub fn delete_all<S: Read + Write>(
    client: Client<S>,
    which: &[u32],
) -> Result<Vec<u32>, Pop3Error> {
    // TODO: `client.dele(n)` for each number. If one fails with a refusal
    // (`e.is_refusal()`), call `client.rset()` and `client.quit()`, then
    // return that error; any other error: return it at once. When all are
    // marked, `client.quit()?` and return the numbers.
    let _ = (client, which);
    todo!("mark, then QUIT — or RSET and QUIT")
}
// ANCHOR_END: stub
