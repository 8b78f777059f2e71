//! `daytime_client`: seed 001's daytime client (RFC 867), made robust.
//!
//! The seed resolves the host once, makes a UDP socket, sends any datagram
//! to port 13 and prints the one that comes back, waiting for ever if none
//! does. This version waits `--timeout` per try and tries `--retries` times,
//! checks that the reply is a line of text, and can use TCP instead
//! (`--tcp`: connect and read until the server closes).
//!
//! Try it: `cargo workbook peer daytime-lossy --port 1313` in one
//! terminal, `cargo run -p chapter-03 --bin daytime_client -- -v localhost
//! 1313` in another.

use std::process::ExitCode;
use std::time::Duration;

use chapter_03::ask::{self, RetryPolicy};
use chapter_03::daytime;
use clap::Parser;

/// Ask a daytime server (RFC 867) for the date and time, and print it.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Server host name or address.
    #[arg(env = "DAYTIME_HOST", default_value = "localhost")]
    host: String,
    /// Server port (the standard one, 13, needs a server run by root).
    #[arg(env = "DAYTIME_PORT", default_value_t = daytime::PORT)]
    port: u16,
    /// Use TCP: connect, read until the server closes.
    #[arg(long)]
    tcp: bool,
    /// Seconds to wait for an answer, per try.
    #[arg(long, default_value = "1", value_parser = ask::parse_seconds)]
    timeout: Duration,
    /// How many times to send the request over UDP before giving up.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    retries: u32,
    /// Say on stderr where the request goes and how many tries it took.
    #[arg(short, long)]
    verbose: bool,
}

// ANCHOR: main
fn main() -> ExitCode {
    let args = Args::parse();
    let peer = match ask::resolve_once(&args.host, args.port) {
        Ok(peer) => peer,
        Err(e) => return fail(&format!("cannot resolve {}: {e}", args.host)),
    };
    let answer = if args.tcp {
        ask::ask_tcp(peer, args.timeout)
    } else {
        let policy = RetryPolicy {
            timeout: args.timeout,
            attempts: args.retries,
        };
        ask::ask_udp(peer, daytime::REQUEST, policy)
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return fail(&e.to_string()),
    };
    if args.verbose {
        let via = if args.tcp { "TCP" } else { "UDP" };
        eprintln!(
            "{via} {peer}: answered after {} request(s)",
            answer.attempts
        );
    }
    match daytime::parse_reply(&answer.bytes) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{peer} is not a daytime server: {e}")),
    }
}
// ANCHOR_END: main

fn fail(message: &str) -> ExitCode {
    eprintln!("daytime_client: {message}");
    ExitCode::FAILURE
}
