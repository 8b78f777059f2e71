//! `client_02`: the interactive line client of 002. It connects, shows whom
//! it reached, then repeatedly reads a line from the user (standard input),
//! sends it, and prints the server's one-line reply. `.quit` ends the
//! session, `.shutdown` stops the server; end of input counts as `.quit`.

use std::io::{self, BufRead, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::{resolve, show};
use chapter_02::cli::{finish, seconds};
use chapter_02::pattern::{Match, Matcher, Pattern};
use chapter_04::session::{Step, command};

/// Interactive client for server_02: type lines, see the replies.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Server host.
    #[arg(default_value = "localhost")]
    host: String,
    /// Server port.
    #[arg(default_value_t = 3072)]
    port: u16,
    /// Seconds to wait for each reply (0: forever).
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

/// Reads one reply line (capped by the matcher), or `None` at end of stream.
fn receive(stream: &mut TcpStream, m: &mut Matcher) -> io::Result<Option<Vec<u8>>> {
    let mut buf = [0u8; 1024];
    loop {
        match m.next(Pattern::Line) {
            Match::Ready(line) | Match::TooLong(line) => return Ok(Some(line)),
            Match::Pending => {}
        }
        let n = io::Read::read(stream, &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        m.feed(&buf[..n]);
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port).context("Connecting")?;
    let mut stream = TcpStream::connect(addr)
        .with_context(|| format!("Connecting: nothing accepts connections at {addr}"))?;
    stream.set_read_timeout(seconds(args.timeout))?;
    println!("Connected to {} ({}).", show(addr), args.host);
    println!("Issue .quit to end connection, .shutdown to terminate server.");
    let (mut matcher, mut input) = (Matcher::default(), io::stdin().lock());
    loop {
        print!("Send: ");
        io::stdout().flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            line = ".quit".into();
        }
        let line = line.trim_end_matches(['\r', '\n']);
        stream
            .write_all(format!("{line}\r\n").as_bytes())
            .context("Sending")?;
        if command(line.as_bytes()).is_some_and(|s| s != Step::Continue) {
            println!("Closing connection to server");
            return Ok(());
        }
        match receive(&mut stream, &mut matcher).context("Receiving")? {
            Some(reply) => println!("Received: {}", String::from_utf8_lossy(&reply)),
            None => {
                println!("Closing connection to server (the server closed it)");
                return Ok(());
            }
        }
    }
}

fn main() -> ExitCode {
    finish("client_02", run(Args::parse()))
}
