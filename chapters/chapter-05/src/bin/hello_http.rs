//! `hello_http`: 000's HTTP server ("Creating an HTTP Server"): every
//! request gets `Hello, World!`, one client at a time.
//!
//! Written with `std::net` alone, as chapter 2's first programs are: it is
//! the smallest thing a browser will talk to. It differs from the seed where
//! the seed breaks HTTP: it reads the whole request head (the seed reads the
//! request line only, and closing with the rest unread makes the kernel send
//! a reset that can destroy the answer), it frames the body with
//! `Content-Length` and says `Connection: close`, and it gives each client a
//! time limit and a size limit. `webserver` is the full server.
//!
//! ```text
//! cargo run -p chapter-05 --bin hello_http      # then: curl -i http://127.0.0.1:8080/
//! ```

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

/// 000's HTTP server: answer every request with "Hello, World!".
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on (the seed: every interface).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: any free port; the one chosen is printed).
    #[arg(long, short, default_value_t = 8080)]
    port: u16,
    /// Do not print each request line.
    #[arg(long, short)]
    quiet: bool,
}

/// The answer, whatever was asked.
const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
    Content-Length: 13\r\nConnection: close\r\n\r\nHello, World!";
/// The longest request head read; a browser's is far shorter.
const MAX_HEAD: u64 = 16 * 1024;
/// How long one client may take to send its request.
const TIME_LIMIT: Duration = Duration::from_secs(10);

// ANCHOR: main
fn main() -> ExitCode {
    let args = Args::parse();
    let listener = match TcpListener::bind((args.host.as_str(), args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "hello_http: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    println!("HTTP Server started on port {port}");
    for client in listener.incoming() {
        // A client that gave up while it waited is no reason to stop.
        let Ok(client) = client else { continue };
        match answer(client) {
            Ok(line) if !args.quiet => println!("Received request: {line}"),
            Ok(_) => {}
            Err(e) => eprintln!("hello_http: a client: {e}"),
        }
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: main

// ANCHOR: answer
/// Reads one request head, answers it, and closes; returns its request line.
fn answer(client: TcpStream) -> io::Result<String> {
    client.set_read_timeout(Some(TIME_LIMIT))?;
    client.set_write_timeout(Some(TIME_LIMIT))?;
    let mut head = BufReader::new((&client).take(MAX_HEAD));
    let mut request_line = Vec::new();
    head.read_until(b'\n', &mut request_line)?;
    // The rest of the head, up to its empty line (or the size limit).
    let mut line = Vec::new();
    while head.read_until(b'\n', &mut line)? > 0 && !line.trim_ascii().is_empty() {
        line.clear();
    }
    (&client).write_all(RESPONSE)?;
    client.shutdown(Shutdown::Write)?;
    Ok(String::from_utf8_lossy(request_line.trim_ascii_end()).into_owned())
}
// ANCHOR_END: answer
