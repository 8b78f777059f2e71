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
    // TODO: delete as the module documentation says. On a failure, return
    // the error that caused it; after a refusal the session is still
    // usable and must be ended cleanly, after any other error it is not.
    let _ = (client, which);
    todo!("mark, then QUIT — or RSET and QUIT")
}
// ANCHOR_END: stub
