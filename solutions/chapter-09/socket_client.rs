//! Reference solution for exercise `socket_client` (chapter 9).
//!
//! The seed's third exercise: the stream client without `nc`, on a socket of
//! its own. The shape is the pipe client's: a writer thread sends the lines
//! on a clone of the socket and then half-closes it (the server sees end of
//! input, as `nc` gives it when its stdin ends), while this thread reads the
//! replies until the server closes. Every read and write has a timeout.
//!
//! Layout: [`converse_tcp`].

use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

// ANCHOR: converse_tcp
/// Connects to `addr`, sends each of `lines` with `\r\n`, half-closes, and
/// returns the reply lines (endings removed) once the server closes. Every
/// connect, read and write waits at most `timeout`.
pub fn converse_tcp(
    addr: SocketAddr,
    lines: Vec<String>,
    timeout: Duration,
) -> io::Result<Vec<String>> {
    let stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut out = stream.try_clone()?;
    let writer = thread::spawn(move || -> io::Result<()> {
        for line in lines {
            out.write_all(format!("{line}\r\n").as_bytes())?;
        }
        out.shutdown(Shutdown::Write)
    });
    let mut replies = Vec::new();
    for line in BufReader::new(stream).lines() {
        let mut line = line?;
        if line.ends_with('\r') {
            line.pop();
        }
        replies.push(line);
    }
    // The server may close before reading everything: its replies stand.
    let _ = writer.join();
    Ok(replies)
}
// ANCHOR_END: converse_tcp
