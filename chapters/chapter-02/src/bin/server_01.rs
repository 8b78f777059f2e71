//! `server_01`: one of the two greeting servers of 002 ("Using Two Servers
//! and a Client"). It listens on an address and port, accepts one client,
//! greets it with a line naming both ends, prints the client's greeting, and
//! exits. Run two of them on the same port but different loopback addresses
//! (127.0.0.1 and 127.0.0.2), then `client_01` against each.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::{finish, seconds};
use chapter_02::greeting::serve_one;
use chapter_02::socket::bind;
use chapter_02::timeout::Timeouts;

/// Greeting server: accept one client, exchange greetings, exit.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on (try 127.0.0.2 for the second server).
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port chosen by the OS).
    #[arg(default_value_t = 11250)]
    port: u16,
    /// Seconds the client has to send its greeting (0: forever).
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port).context("Listening socket")?;
    let server =
        bind(addr, 5).with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
    let timeouts = Timeouts {
        total: seconds(args.timeout),
        block: None,
    };
    serve_one(&server, timeouts, &mut std::io::stdout())
}

fn main() -> ExitCode {
    finish("server_01", run(Args::parse()))
}
