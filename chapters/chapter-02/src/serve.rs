//! The accept loop of the chapter's one-client-at-a-time servers.
//!
//! The seed's servers (`server_01`, the echo server, the 000 server) all
//! accept a client, talk to it, close it, and accept the next. A client's
//! failure — it vanished, timed out or sent nonsense — ends that client
//! only: [`serve_each`] reports it and goes on. Clients wait in the listen
//! backlog meanwhile, which is why a per-client timeout matters: without
//! one, a single silent client stops the whole server. (Serving clients at
//! the same time is the `multi_echo` exercise, and chapter 4.)
//!
//! Layout: [`serve_each`], [`is_transient`].

use std::io::{self, Write};

use crate::socket::{Client, Server, Tcp};

/// Whether an `accept` error concerns one connection only (the client gave
/// up before it was accepted), so the server should simply go on.
pub fn is_transient(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock | TimedOut
    )
}

// ANCHOR: serve_each
/// Accepts clients one at a time (all of them, or `max_clients`) and hands
/// each to `handle`. An error returned by `handle` is written to `errors`
/// and the loop goes on; only a failing `accept` (other than a transient
/// one) ends it. Returns how many clients were handled.
pub fn serve_each<E: std::fmt::Display>(
    server: &Tcp<Server>,
    max_clients: Option<u64>,
    errors: &mut impl Write,
    mut handle: impl FnMut(Tcp<Client>) -> Result<(), E>,
) -> io::Result<u64> {
    let mut served = 0;
    while max_clients.is_none_or(|max| served < max) {
        let client = match server.accept() {
            Ok(client) => client,
            Err(e) if is_transient(&e) => continue,
            Err(e) => return Err(e),
        };
        served += 1;
        let from = client.peer_addr().map_or("?".into(), |a| a.to_string());
        if let Err(e) = handle(client) {
            writeln!(errors, "client {from}: {e}")?;
        }
    }
    Ok(served)
}
// ANCHOR_END: serve_each
