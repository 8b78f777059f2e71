//! The TCP client and server of 000 ("Socket Programming"): the client sends
//! one line, the server prints it and answers with one line of its own.
//!
//! The server handles one client at a time through
//! [`serve_each`](crate::serve::serve_each), with a timeout on each client
//! so a silent one cannot stall the others. The client connects, sends,
//! reads the answer, and prints it.
//!
//! Layout: [`CLIENT_LINE`], [`SERVER_LINE`], [`answer`] (the server's side
//! of one conversation), [`ask`] (the client's side).

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, anyhow};

use crate::pattern::Pattern;
use crate::socket::{Client, Tcp};
use crate::timeout::Timeouts;

/// What the client sends (without its line ending).
pub const CLIENT_LINE: &str = "Hello from client!";
/// What the server answers (without its line ending).
pub const SERVER_LINE: &str = "Hello from server!";

// ANCHOR: answer
/// The server's side of one conversation: receive a line within `timeout`,
/// print it, answer with [`SERVER_LINE`]. The client is closed on return.
pub fn answer(
    mut client: Tcp<Client>,
    timeout: Duration,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    client.set_timeouts(Timeouts::total(timeout))?;
    let line = client.receive(Pattern::Line, b"")?;
    writeln!(out, "Received: {}", String::from_utf8_lossy(&line))?;
    client
        .send_all(format!("{SERVER_LINE}\n").as_bytes())
        .map_err(|e| anyhow!("cannot answer: {e}"))?;
    Ok(())
}
// ANCHOR_END: answer

// ANCHOR: ask
/// The client's side: connect to `remote`, send `message` as a line, and
/// return the server's answer line (all within `timeout` per step).
pub fn ask(remote: SocketAddr, message: &str, timeout: Duration) -> anyhow::Result<String> {
    let mut sock = Tcp::master(remote)?
        .connect(remote, Some(timeout))
        .with_context(|| format!("cannot connect to {remote}"))?;
    sock.set_timeouts(Timeouts::total(timeout))?;
    sock.send_all(format!("{message}\n").as_bytes())
        .map_err(|e| anyhow!("cannot send to {remote}: {e}"))?;
    let line = sock
        .receive(Pattern::Line, b"")
        .map_err(|e| anyhow!("no answer from {remote}: {e}"))?;
    Ok(String::from_utf8_lossy(&line).into_owned())
}
// ANCHOR_END: ask
