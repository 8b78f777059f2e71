//! Our reference program for the `echo-client` conformance case: connect to
//! `WORKBOOK_HOST`:`WORKBOOK_PORT` (or `HOST PORT` given as arguments), send
//! one CRLF-terminated line, print the echo, close.
//!
//! `cargo run -p conform --example echo_client -- 127.0.0.1 7007`

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The line the case expects.
const LINE: &str = "hello, workbook";
/// No read waits longer than this.
const TIMEOUT: Duration = Duration::from_secs(10);

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    let host = args
        .next()
        .unwrap_or_else(|| env("WORKBOOK_HOST", "127.0.0.1"));
    let port = args.next().unwrap_or_else(|| env("WORKBOOK_PORT", "7"));
    let mut stream = TcpStream::connect(format!("{host}:{port}"))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    // One write for the whole line: encode first, then send once.
    stream.write_all(format!("{LINE}\r\n").as_bytes())?;
    let mut echo = String::new();
    // The echo of one short line; `take` caps what a misbehaving peer can send.
    BufReader::new(std::io::Read::take(&stream, 4096)).read_line(&mut echo)?;
    println!("{}", echo.trim_end_matches(['\r', '\n']));
    stream.shutdown(std::net::Shutdown::Both)
}
