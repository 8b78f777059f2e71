//! The greeting exchange of `server_01` and `client_01` (002, "Using Two
//! Servers and a Client").
//!
//! The server accepts one client and greets it with a line naming both ends
//! (`Greetings from 127.0.0.1:11250 to 127.0.0.1:40312`); the client reads
//! it and greets back the same way, naming its own ends; each prints what it
//! learnt. Both sides name addresses they only know from the socket:
//! `getsockname` gives a socket's own end, `getpeername` the other end. The
//! lines end in CRLF, the network's line ending; the line pattern strips it
//! on receipt.
//!
//! Layout: [`greeting`], [`serve_one`] (the server's side), [`greet`] (the
//! client's side), [`Printed`] (where their lines go).

use std::io::Write;
use std::net::SocketAddr;

use anyhow::{Context, anyhow};

use crate::addr::show;
use crate::pattern::Pattern;
use crate::socket::{Server, Tcp, connect};
use crate::timeout::Timeouts;

/// The greeting line from `from` to `to`, CRLF included.
pub fn greeting(from: SocketAddr, to: SocketAddr) -> String {
    format!(
        "Greetings from {}:{} to {}:{}\r\n",
        from.ip(),
        from.port(),
        to.ip(),
        to.port()
    )
}

/// Where a program's report lines go (stdout in the programs, a buffer in
/// tests).
pub type Printed<'a> = &'a mut dyn Write;

// ANCHOR: serve_one
/// `server_01`'s work: says where it listens, accepts one client, greets
/// it, and prints the client's greeting. Each step's failure is an error
/// naming the step, as the seed's messages do.
pub fn serve_one(server: &Tcp<Server>, timeouts: Timeouts, out: Printed<'_>) -> anyhow::Result<()> {
    writeln!(out, "Listening on {}", show(server.local_addr()?))?;
    let mut client = server.accept().context("Client connection")?;
    client.set_timeouts(timeouts)?;
    let (me, peer) = (client.local_addr()?, client.peer_addr()?);
    writeln!(out, "Connection from {}", show(peer))?;
    client
        .send_all(greeting(me, peer).as_bytes())
        .map_err(|e| anyhow!("Send error: {e}"))?;
    let line = client
        .receive(Pattern::Line, b"")
        .map_err(|e| anyhow!("Receive error: {e}"))?;
    writeln!(
        out,
        "Received from client: [{}]",
        String::from_utf8_lossy(&line)
    )?;
    Ok(())
}
// ANCHOR_END: serve_one

// ANCHOR: greet
/// `client_01`'s work: connects (from `local`, if given), reads the
/// server's greeting, greets back, and prints what it got.
pub fn greet(
    remote: SocketAddr,
    local: Option<SocketAddr>,
    timeouts: Timeouts,
    out: Printed<'_>,
) -> anyhow::Result<()> {
    let mut sock =
        connect(remote, local).with_context(|| format!("Connecting socket to {remote}"))?;
    sock.set_timeouts(timeouts)?;
    let (me, server) = (sock.local_addr()?, sock.peer_addr()?);
    writeln!(
        out,
        "Connected with {} on port {}",
        server.ip(),
        server.port()
    )?;
    let line = sock
        .receive(Pattern::Line, b"")
        .map_err(|e| anyhow!("Receive error: {e}"))?;
    sock.send_all(greeting(me, server).as_bytes())
        .map_err(|e| anyhow!("Send error: {e}"))?;
    writeln!(out, "Got [{}] from server", String::from_utf8_lossy(&line))?;
    Ok(())
}
// ANCHOR_END: greet
