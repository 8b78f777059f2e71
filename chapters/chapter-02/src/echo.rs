//! The echo server of LuaSocket's introduction (001): it listens on an
//! ephemeral port, prints it, and for each client reads one line (within a
//! per-client timeout), sends it back with an LF, and closes.
//!
//! The line pattern drops the CR of a CRLF line, so `hi\r\n` comes back as
//! `hi\n`, exactly as the seed's server does. A client that sends nothing
//! within the timeout, or closes mid-line, gets nothing back; the server
//! goes on to the next.
//!
//! Layout: [`echo_one`], [`banner`].

use std::net::SocketAddr;
use std::time::Duration;

use crate::pattern::Pattern;
use crate::socket::{Client, Tcp};
use crate::stream::{Ended, ReceiveError};
use crate::timeout::Timeouts;

// ANCHOR: echo_one
/// Serves one client: receive a line within `timeout` (a total timeout, so
/// a slow trickle cannot hold the server longer), send it back with `\n`.
/// Returns the line; the client is closed when it is dropped.
pub fn echo_one(client: &mut Tcp<Client>, timeout: Duration) -> Result<Vec<u8>, ReceiveError> {
    client
        .set_timeouts(Timeouts::total(timeout))
        .map_err(|e| ReceiveError {
            ended: Ended::Other(e.kind()),
            partial: Vec::new(),
        })?;
    let line = client.receive(Pattern::Line, b"")?;
    // A client that stopped reading only loses its own echo.
    client
        .send_all(&[line.as_slice(), b"\n"].concat())
        .map_err(|e| ReceiveError {
            ended: crate::stream::ended_by(&e.error),
            partial: line.clone(),
        })?;
    Ok(line)
}
// ANCHOR_END: echo_one

/// The two lines the server prints when it starts.
pub fn banner(addr: SocketAddr, timeout: Duration) -> String {
    format!(
        "Please connect to {} on port {}\nAfter connecting, you have {}s to enter a line to be echoed\n",
        addr.ip(),
        addr.port(),
        timeout.as_secs_f64()
    )
}
