//! Exercise `socket_client`: the seed's third exercise, the stream client
//! with a socket of its own instead of `nc`.
//!
//! `nc` did three things for the seed's client: connect, relay our lines,
//! and tell the server "no more input" when its stdin ended. Do all three
//! with a `TcpStream`, without letting a silent server hang you.
//!
//! Layout: [`converse_tcp`].

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

// ANCHOR: stub
/// Connects to `addr`, sends each of `lines` with `\r\n`, half-closes, and
/// returns the reply lines (endings removed) once the server closes. Every
/// connect, read and write waits at most `timeout`.
pub fn converse_tcp(
    addr: SocketAddr,
    lines: Vec<String>,
    timeout: Duration,
) -> io::Result<Vec<String>> {
    // TODO: the conversation the doc comment describes, with the three
    // things `nc` did (see above): the server must see the end of our
    // input, and no wait may last longer than `timeout`.
    let _ = (addr, lines, timeout);
    todo!()
}
// ANCHOR_END: stub
