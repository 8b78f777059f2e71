//! `udp_client`: seed 000's UDP client.
//!
//! It sends one datagram to the server and prints the answer. The seed
//! passes a host *name* to `sendto` on every call and waits for ever for
//! the answer; this version resolves the name once, waits `--timeout` per
//! try and tries `--retries` times.
//!
//! Try it against `udp_server` (see there), or against socat:
//! `socat UDP-RECVFROM:12345,fork EXEC:cat` echoes datagrams.

use std::process::ExitCode;
use std::time::Duration;

use chapter_03::ask::{self, RetryPolicy};
use clap::Parser;

/// Seed 000's UDP client: send one datagram, print the answer.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Server host name or address.
    #[arg(default_value = "localhost")]
    host: String,
    /// Server port.
    #[arg(default_value_t = 12345)]
    port: u16,
    /// What to send.
    #[arg(short, long, default_value = "Hello from UDP client!")]
    message: String,
    /// Seconds to wait for an answer, per try.
    #[arg(long, default_value = "1", value_parser = ask::parse_seconds)]
    timeout: Duration,
    /// How many times to send before giving up.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    retries: u32,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let peer = match ask::resolve_once(&args.host, args.port) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("udp_client: cannot resolve {}: {e}", args.host);
            return ExitCode::FAILURE;
        }
    };
    let policy = RetryPolicy {
        timeout: args.timeout,
        attempts: args.retries,
    };
    match ask::ask_udp(peer, args.message.as_bytes(), policy) {
        Ok(answer) => {
            println!(
                "server response: {}",
                String::from_utf8_lossy(&answer.bytes)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("udp_client: {e}");
            ExitCode::FAILURE
        }
    }
}
