//! Exercise: deleting messages so that a failure deletes nothing.
//!
//! DELE only marks a message; the server deletes at QUIT (RFC 1939 §6), and
//! a connection that drops before QUIT's `+OK` deletes nothing. So: mark
//! each message; if one mark is refused, RSET (clear every mark) and QUIT,
//! and report the failure; otherwise QUIT, and only a `+OK` to QUIT means
//! the messages are gone.

use std::io::{Read, Write};

use crate::pop3::{Client, Pop3Error};

/// Deletes `which` (message numbers) all or none, ending the session;
/// returns the numbers deleted.
pub fn delete_all<S: Read + Write>(
    mut client: Client<S>,
    which: &[u32],
) -> Result<Vec<u32>, Pop3Error> {
    for &n in which {
        if let Err(e) = client.dele(n) {
            if e.is_refusal() {
                // Undo the marks, then leave cleanly: nothing is deleted.
                client.rset()?;
                client.quit()?;
            }
            return Err(e);
        }
    }
    client.quit()?;
    Ok(which.to_vec())
}
