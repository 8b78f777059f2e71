//! `tcp_client`: the TCP client of 000 ("Socket Programming"). It sends one
//! line to the server and prints the answer.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_02::hello::{CLIENT_LINE, ask};

/// TCP client: send a line, print the server's answer.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Server address or host name.
    #[arg(default_value = "localhost")]
    host: String,
    /// Server port.
    #[arg(default_value_t = 12345)]
    port: u16,
    /// The line to send.
    #[arg(long, default_value = CLIENT_LINE)]
    message: String,
    /// Seconds to wait for the connection and for the answer.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
}

// ANCHOR: run
fn run(args: Args) -> anyhow::Result<()> {
    let remote = resolve(&args.host, args.port)?;
    let timeout = Duration::from_secs_f64(args.timeout.max(0.001));
    let answer = ask(remote, &args.message, timeout)?;
    println!("Server response: {answer}");
    Ok(())
}
// ANCHOR_END: run

fn main() -> ExitCode {
    finish("tcp_client", run(Args::parse()))
}
