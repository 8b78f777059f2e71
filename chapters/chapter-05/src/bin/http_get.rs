//! 002's `http.request` as a program: one request (GET, HEAD or POST), its
//! status line, headers and body.
//!
//! `cargo run -p chapter-05 --bin http_get -- http://127.0.0.1:8080/`

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chapter_05::cli::{ClientArgs, finish};
use chapter_05::client::{Reply, fetch, fetch_with_head};
use clap::Parser;

/// Fetch a URL over HTTP/1.1: print the status line, the headers, then the body.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The URL (`http://host[:port]/path`).
    url: String,
    /// The method (GET, HEAD, POST, ...; POST when a body is given).
    #[arg(long, short = 'X')]
    method: Option<String>,
    /// Send this body (as the seed's second argument of http.request).
    #[arg(long, short)]
    data: Option<String>,
    /// Send this file's contents as the body ("-" reads stdin).
    #[arg(long, conflicts_with = "data")]
    data_file: Option<PathBuf>,
    /// Write the body to this file instead of stdout (a file sink).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Collect the body in memory and print its size before it (a table
    /// sink). Without this or --output, the body streams to stdout.
    #[arg(long, conflicts_with = "output")]
    memory: bool,
    /// Fail (exit 1) when the status is 400 or more.
    #[arg(long, short)]
    fail: bool,
    #[command(flatten)]
    client: ClientArgs,
}

fn run(args: Args) -> anyhow::Result<()> {
    let mut request = args.client.request(&args.url)?;
    let body = match (&args.data, &args.data_file) {
        (Some(data), _) => Some(data.clone().into_bytes()),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
            Some(bytes)
        }
        (None, Some(path)) => {
            Some(std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?)
        }
        (None, None) => None,
    };
    request.method = args
        .method
        .clone()
        .unwrap_or_else(|| if body.is_some() { "POST" } else { "GET" }.into());
    request.body = body;
    let reply = match (&args.output, args.memory) {
        (Some(path), _) => {
            let mut file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let reply = fetch(&request, &mut file, &mut |_, _| {})?;
            print_head(&reply)?;
            println!("({} bytes written to {})", reply.body_len, path.display());
            reply
        }
        (None, true) => {
            let mut memory = Vec::new();
            let reply = fetch(&request, &mut memory, &mut |_, _| {})?;
            print_head(&reply)?;
            println!("({} bytes in memory)", memory.len());
            std::io::stdout().write_all(&memory)?;
            reply
        }
        // Streaming: the head is printed as soon as it is known, then each
        // piece of the body goes to stdout as it arrives.
        (None, false) => fetch_with_head(
            &request,
            &mut print_head,
            &mut std::io::stdout(),
            &mut |_, _| {},
        )?,
    };
    anyhow::ensure!(
        !args.fail || reply.status < 400,
        "{}: {}",
        reply.url,
        reply.status_line
    );
    Ok(())
}

/// The status line, the headers, a blank line.
fn print_head(reply: &Reply) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", reply.status_line)?;
    for (name, value) in &reply.headers {
        writeln!(out, "{name}: {value}")?;
    }
    writeln!(out)
}

fn main() -> ExitCode {
    finish("http_get", run(Args::parse()))
}
