//! Exercise: fetching only the messages not seen before.
//!
//! Message numbers change between sessions; unique-ids (UIDL, RFC 1939 §7)
//! do not. Keep the ids already fetched; each session, fetch the messages
//! whose id is new. A server without UIDL gets a fallback: the Message-ID
//! header, read with TOP (or RETR).

use std::collections::BTreeSet;
use std::io::{Read, Write};

use crate::headers;
use crate::pop3::{Capabilities, Client, Pop3Error};

/// The numbers of the messages whose id is not in `seen`, in order.
pub fn select_new(ids: &[(u32, String)], seen: &BTreeSet<String>) -> Vec<u32> {
    ids.iter()
        .filter(|(_, id)| !seen.contains(id))
        .map(|(n, _)| *n)
        .collect()
}

/// Fetches (RETR) every message whose id is not in `seen`, adds the ids to
/// `seen`, and returns (id, message) pairs. Ids come from UIDL or, when
/// the server has no UIDL, from each message's Message-ID header.
pub fn fetch_new<S: Read + Write>(
    client: &mut Client<S>,
    caps: &Capabilities,
    seen: &mut BTreeSet<String>,
) -> Result<Vec<(String, Vec<u8>)>, Pop3Error> {
    let ids = match client.uidl()? {
        Some(ids) => ids,
        None => {
            let mut ids = Vec::new();
            for (n, _) in client.list()? {
                let head = client.headers(n, caps)?;
                let id = headers::get(&headers::parse(&head), "Message-ID")
                    .unwrap_or_else(|| format!("no-id-{n}"));
                ids.push((n, id));
            }
            ids
        }
    };
    let mut out = Vec::new();
    for n in select_new(&ids, seen) {
        let id = ids.iter().find(|(m, _)| *m == n).map(|(_, id)| id.clone());
        let id = id.expect("selected from ids");
        let message = client.retr(n)?;
        seen.insert(id.clone());
        out.push((id, message));
    }
    Ok(out)
}
