//! `client_01`: the client of 002's two-servers demonstration. It connects,
//! reads the server's greeting, greets back naming its own ends, and prints
//! what it got.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::{finish, seconds};
use chapter_02::greeting::greet;
use chapter_02::timeout::Timeouts;

/// Greeting client: connect, read the greeting, greet back.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Server address or host name.
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Server port.
    #[arg(default_value_t = 11250)]
    port: u16,
    /// Local address to connect from (its port is chosen by the OS).
    #[arg(long)]
    local: Option<std::net::IpAddr>,
    /// Seconds to wait for the server's greeting (0: forever).
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

fn run(args: Args) -> anyhow::Result<()> {
    let remote = resolve(&args.host, args.port).context("Connecting socket")?;
    let local = args.local.map(|ip| std::net::SocketAddr::new(ip, 0));
    let timeouts = Timeouts {
        total: seconds(args.timeout),
        block: None,
    };
    greet(remote, local, timeouts, &mut std::io::stdout())
}

fn main() -> ExitCode {
    finish("client_01", run(Args::parse()))
}
