//! The TCP client and server of 000 ("Socket Programming"): the client sends
//! one line, the server prints it and answers with one line of its own.
//!
//! These two are written with nothing but the standard library's `std::net`
//! (`TcpListener`, `TcpStream`, `BufReader`), the API every Rust network
//! program starts from; the rest of the chapter builds the typestate wrapper
//! of [`crate::socket`] on `socket2` to get what `std::net` leaves out.
//!
//! The server handles one client at a time, as 000's does, with a time limit
//! on each client's reads and writes so a silent one cannot stall the
//! others. The client connects, sends, reads the answer, and returns it.
//!
//! # Layout
//! [`CLIENT_LINE`], [`SERVER_LINE`], [`serve`] (the accept loop), [`answer`]
//! (the server's side of one conversation), [`ask`] (the client's side), and
//! `read_line` (one capped line, which both sides read).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::serve::is_transient;

/// What the client sends (without its line ending).
pub const CLIENT_LINE: &str = "Hello from client!";
/// What the server answers (without its line ending).
pub const SERVER_LINE: &str = "Hello from server!";

/// The longest line either side reads: a peer that never sends a line ending
/// costs this much memory, not all of it.
const MAX_LINE: u64 = 8 * 1024;

// ANCHOR: serve
/// Accepts clients one at a time (all of them, or `max_clients`) and answers
/// each with [`answer`]. A client's failure is reported on `errors` and the
/// loop goes on; only a failing `accept` (other than a transient one, such as
/// a client that gave up while queued) ends it.
pub fn serve(
    listener: &TcpListener,
    max_clients: Option<u64>,
    timeout: Duration,
    out: &mut dyn Write,
    errors: &mut dyn Write,
) -> io::Result<()> {
    let mut served = 0;
    while max_clients.is_none_or(|max| served < max) {
        let (client, from) = match listener.accept() {
            Ok(pair) => pair,
            Err(e) if is_transient(&e) => continue,
            Err(e) => return Err(e),
        };
        served += 1;
        if let Err(e) = answer(client, timeout, out) {
            writeln!(errors, "client {from}: {e:#}")?;
        }
    }
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: answer
/// The server's side of one conversation: read a line (each read and write
/// waits at most `timeout`), print it, answer with [`SERVER_LINE`].
pub fn answer(client: TcpStream, timeout: Duration, out: &mut dyn Write) -> anyhow::Result<()> {
    client.set_read_timeout(Some(timeout))?;
    client.set_write_timeout(Some(timeout))?;
    let mut reader = BufReader::new(&client);
    let line = read_line(&mut reader).context("no line from the client")?;
    writeln!(out, "Received: {line}")?;
    (&client)
        .write_all(format!("{SERVER_LINE}\n").as_bytes())
        .context("cannot answer")?;
    // Say "no more from me" (a FIN) before the socket closes when `client`
    // is dropped. Closing a socket with unread input makes the kernel send a
    // reset, which can destroy the answer before the client has read it;
    // after the FIN, whatever else the client sent is harmless.
    client.shutdown(Shutdown::Write)?;
    Ok(())
}
// ANCHOR_END: answer

// ANCHOR: ask
/// The client's side: connect to `remote` (waiting at most `timeout`), send
/// `message` as a line, and return the server's answer line.
pub fn ask(remote: SocketAddr, message: &str, timeout: Duration) -> anyhow::Result<String> {
    let stream = TcpStream::connect_timeout(&remote, timeout)
        .with_context(|| format!("cannot connect to {remote}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    (&stream)
        .write_all(format!("{message}\n").as_bytes())
        .with_context(|| format!("cannot send to {remote}"))?;
    let mut reader = BufReader::new(&stream);
    read_line(&mut reader).with_context(|| format!("no answer from {remote}"))
}
// ANCHOR_END: ask

// ANCHOR: read_line
/// Reads one line of at most [`MAX_LINE`] bytes and returns it without its
/// `\n` or `\r\n` (as LuaSocket's `receive("*l")` does). The bytes are taken
/// as UTF-8 where they are, so a stray byte shows as `�` instead of failing
/// the whole line. A line cut off by the end of the stream, a timeout or a
/// reset is an error that shows what did arrive.
fn read_line(reader: &mut impl BufRead) -> anyhow::Result<String> {
    let mut line = Vec::new();
    // `read_until` keeps what it read before an error in `line`.
    let result = reader.take(MAX_LINE).read_until(b'\n', &mut line);
    let got = || format!("{:?}", String::from_utf8_lossy(&line));
    match result {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            bail!("timed out after {}", got())
        }
        Err(e) => bail!("{e} after {}", got()),
        Ok(_) if line.last() != Some(&b'\n') && line.len() as u64 == MAX_LINE => {
            bail!("the line is longer than {MAX_LINE} bytes")
        }
        Ok(_) if line.last() != Some(&b'\n') => bail!("the stream ended after {}", got()),
        Ok(_) => {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            Ok(String::from_utf8_lossy(&line).into_owned())
        }
    }
}
// ANCHOR_END: read_line
