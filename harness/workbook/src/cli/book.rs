//! `workbook book [--serve] [--port N]`: build the book into `target/book`,
//! and optionally serve it on `127.0.0.1`.
//!
//! The build is [`crate::book::check_book`]: a dangling include or any mdBook
//! warning makes the command fail (after building what it could), so a broken
//! page is noticed here and not by a reader.
//!
//! The server is a small static file server on `std::net`, one thread per
//! connection, GET and HEAD only, enough for a browser on the same machine
//! (chapter 5's web server will replace it).
//!
//! Layout: [`Args`], [`run`], then the server: `serve`, `handle`, `resolve`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use super::Root;
use crate::progress::Progress;
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

fn serve(root: &Path, port: u16) -> Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port} (is it in use? try --port 0)")
    })?;
    let addr = listener.local_addr()?;
    anstream::println!(
        "{} {} (Ctrl-C to stop)",
        paint(BOLD, "Serving the book at"),
        paint(CMD, format!("http://{addr}/"))
    );
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.to_path_buf();
        // `Builder::spawn` reports a thread that cannot start (where
        // `thread::spawn` would panic and end the server): that client is
        // dropped, the server goes on.
        let _ = std::thread::Builder::new().spawn(move || {
            // One broken connection must not end the server.
            let _ = handle(stream, &root);
        });
    }
    Ok(())
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new((&stream).take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; we need none of them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = &stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD\n",
            true,
        );
    }
    match resolve(root, target).and_then(|p| std::fs::read(&p).ok().map(|body| (p, body))) {
        Some((path, body)) => respond(
            &mut out,
            "200 OK",
            content_type(&path),
            &body,
            method == "GET",
        ),
        None => {
            // The book's own "page not found" page, when it has one.
            let page = std::fs::read(root.join("404.html"));
            let (kind, body) = match &page {
                Ok(body) => ("text/html; charset=utf-8", body.as_slice()),
                Err(_) => ("text/plain", b"not found\n".as_slice()),
            };
            respond(&mut out, "404 Not Found", kind, body, method == "GET")
        }
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

/// The file a request target names under `root`, refusing `..` so nothing
/// outside the book is served; directories mean their `index.html`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = root.join(percent_decode(relative.to_str()?)?);
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

/// Decodes `%20`-style escapes (the book's file names are ASCII, but a browser
/// may escape some characters anyway).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains("..")).then_some(decoded)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_book() {
        let root = Path::new("/book");
        assert_eq!(
            resolve(root, "/a/b.html?x=1"),
            Some(PathBuf::from("/book/a/b.html"))
        );
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(
            resolve(root, "/a%20b.html"),
            Some(PathBuf::from("/book/a b.html"))
        );
    }
}
