//! `workbook book [--serve] [--port N]`: build the book into `target/book`,
//! and optionally serve it on `127.0.0.1`.
//!
//! The build is [`crate::book::check_book`]: a dangling include or any mdBook
//! warning makes the command fail (after building what it could), so a broken
//! page is noticed here and not by a reader.
//!
//! The server is a small static file server on `std::net`, one thread per
//! connection, GET and HEAD only, enough for a browser on the same machine.
//! What it serves is decided by [`harness::safe_path`]: nothing outside the
//! built book, and nothing to a request whose `Host` is not a loopback name
//! (a web page cannot reach it through DNS rebinding).
//!
//! # Layout
//! [`Args`], [`run`], then the server: `serve` (the command's),
//! [`BookServer`] (the same in a thread, for tests), `accept_loop`,
//! `read_request`, `handle`, `respond`, `content_type`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};

use super::Root;
use crate::progress::Progress;
use harness::safe_path::{Refusal, WebRoot, is_local_host};
use harness::term::{self, BOLD, CMD, FAIL, OK, paint};

/// Arguments of `workbook book`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Serve the built book on http://127.0.0.1:PORT/ until stopped.
    #[arg(long)]
    pub serve: bool,
    /// The port for `--serve` (0 picks a free one).
    #[arg(long, default_value_t = 3000, requires = "serve")]
    pub port: u16,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
}

/// Runs `workbook book`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let out = ws.book_out_dir();
    let progress = Progress::spinner("building the book");
    let report = crate::book::check_book(&ws.root.join("book"), &out);
    drop(progress);
    let report = report?;
    let index = term::relative(&report.index, &ws.root);
    if !report.is_clean() {
        let problems = report.problems();
        anstream::eprintln!(
            "{} the book has {} problems:",
            paint(FAIL, "error:"),
            problems.len()
        );
        for problem in problems {
            anstream::eprintln!("  {problem}");
        }
        anstream::eprintln!("(what could be built is in {index})");
        return Ok(ExitCode::FAILURE);
    }
    anstream::println!("{} {}", paint(OK, "The book is built:"), paint(CMD, &index));
    if args.serve {
        serve(&out, args.port)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Longest request head we read; a browser's GET is far shorter.
const MAX_HEAD: u64 = 16 * 1024;
/// Most connections served at once; more are closed at once (a browser
/// opens six or so).
const MAX_CONNS: usize = 64;
/// Timeout of each read and write on a connection.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

fn serve(root: &Path, port: u16) -> Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port} (is it in use? try --port 0)")
    })?;
    let addr = listener.local_addr()?;
    let root = WebRoot::new(root).with_context(|| format!("cannot serve {}", root.display()))?;
    anstream::println!(
        "{} {} (Ctrl-C to stop)",
        paint(BOLD, "Serving the book at"),
        paint(CMD, format!("http://{addr}/"))
    );
    accept_loop(&listener, &root, &AtomicBool::new(false));
    Ok(())
}

/// The book server running in a thread, as the tests run it; dropping it
/// stops it and joins its threads.
#[derive(Debug)]
pub struct BookServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl BookServer {
    /// Serves `root` on `listener` until dropped.
    pub fn start(listener: TcpListener, root: &Path) -> std::io::Result<BookServer> {
        let addr = listener.local_addr()?;
        let root = WebRoot::new(root)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || accept_loop(&listener, &root, &flag));
        Ok(BookServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for BookServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept; it then sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, IO_TIMEOUT);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts until `stop` is set, one thread per connection (at most
/// [`MAX_CONNS`]); joins them before it returns.
fn accept_loop(listener: &TcpListener, root: &WebRoot, stop: &AtomicBool) {
    let mut conns: Vec<JoinHandle<()>> = Vec::new();
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        conns.retain(|c| !c.is_finished());
        if conns.len() >= MAX_CONNS {
            continue; // dropping the stream closes it
        }
        let root = root.clone();
        // `Builder::spawn` reports a thread that cannot start (where
        // `thread::spawn` would panic and end the server): that client is
        // dropped, the server goes on.
        let spawned = std::thread::Builder::new().spawn(move || {
            // One broken connection must not end the server.
            let _ = handle(stream, &root);
        });
        conns.extend(spawned.ok());
    }
    for conn in conns {
        let _ = conn.join();
    }
}

/// What a request asks for: the method, the target, the `Host` header.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// Reads the request line and headers (at most [`MAX_HEAD`] bytes).
fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut host = None;
    // Bounded by MAX_HEAD: each pass reads at least one byte or ends.
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    Ok(Request {
        method,
        target,
        host,
    })
}

fn handle(stream: TcpStream, root: &WebRoot) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let request = read_request(&stream)?;
    let mut out = &stream;
    let with_body = request.method != "HEAD";
    let text =
        |status: &str, body: &str| (status.to_string(), "text/plain", body.as_bytes().to_vec());
    let (status, kind, body) = if request.method != "GET" && request.method != "HEAD" {
        text("405 Method Not Allowed", "only GET and HEAD\n")
    } else if !request.host.as_deref().is_some_and(is_local_host) {
        // RFC 9110 §15.5.20: not a name this server answers for.
        text(
            "421 Misdirected Request",
            "this server answers only to localhost, 127.0.0.1 and [::1]\n",
        )
    } else {
        match root.file(&request.target, "index.html") {
            Ok(path) => match std::fs::read(&path) {
                Ok(body) => ("200 OK".to_string(), content_type(&path), body),
                Err(_) => not_found(root),
            },
            Err(Refusal::NotFound) => not_found(root),
            Err(refusal) => text(&status_line(refusal.status()), "refused\n"),
        }
    };
    respond(&mut out, &status, kind, &body, with_body)
}

/// The book's own "page not found" page, when it has one.
fn not_found(root: &WebRoot) -> (String, &'static str, Vec<u8>) {
    match std::fs::read(root.path().join("404.html")) {
        Ok(body) => ("404 Not Found".into(), "text/html; charset=utf-8", body),
        Err(_) => (
            "404 Not Found".into(),
            "text/plain",
            b"not found\n".to_vec(),
        ),
    }
}

fn status_line(code: u16) -> String {
    match code {
        400 => "400 Bad Request".into(),
        403 => "403 Forbidden".into(),
        _ => format!("{code} Error"),
    }
}

fn respond(
    out: &mut impl Write,
    status: &str,
    kind: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if with_body {
        out.write_all(body)?;
    }
    out.flush()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
