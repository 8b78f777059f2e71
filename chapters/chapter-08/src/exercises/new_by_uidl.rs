//! Exercise: fetching only the messages not seen before.
//!
//! Message numbers change between sessions; unique-ids (UIDL, RFC 1939 §7)
//! do not. Keep the ids already fetched; each session, fetch the messages
//! whose id is new. A server without UIDL gets a fallback: the Message-ID
//! header, read with TOP (or RETR).

use std::collections::BTreeSet;
use std::io::{Read, Write};

use crate::pop3::{Capabilities, Client, Pop3Error};

// ANCHOR: stub
/// The numbers of the messages whose id is not in `seen`, in order.
pub fn select_new(ids: &[(u32, String)], seen: &BTreeSet<String>) -> Vec<u32> {
    // TODO: keep the numbers whose id is not in `seen`.
    let _ = (ids, seen);
    todo!("pick the unseen ids")
}

/// Fetches (RETR) every message whose id is not in `seen`, adds the ids to
/// `seen`, and returns (id, message) pairs. Ids come from UIDL or, when
/// the server has no UIDL, from each message's Message-ID header.
pub fn fetch_new<S: Read + Write>(
    client: &mut Client<S>,
    caps: &Capabilities,
    seen: &mut BTreeSet<String>,
) -> Result<Vec<(String, Vec<u8>)>, Pop3Error> {
    // TODO: fetch as the doc comment says, in message order.
    let _ = (client, caps, seen);
    todo!("fetch only what is new")
}
// ANCHOR_END: stub
