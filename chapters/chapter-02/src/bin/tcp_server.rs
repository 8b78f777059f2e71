//! `tcp_server`: the TCP server of 000 ("Socket Programming"). It serves
//! clients one at a time: prints the line each sends and answers
//! `Hello from server!`. Plain `std::net`; see [`chapter_02::hello`].

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_02::hello::serve;

/// TCP server: print each client's line, answer "Hello from server!".
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on (0.0.0.0: every interface, as the seed's "*").
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port).
    #[arg(long, default_value_t = 12345)]
    port: u16,
    /// Seconds each client has to send its line.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Exit after this many clients (default: serve forever).
    #[arg(long)]
    max_clients: Option<u64>,
}

// ANCHOR: run
fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port)?;
    let listener = TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
    println!("Server started on port {}", listener.local_addr()?.port());
    let timeout = Duration::from_secs_f64(args.timeout.max(0.001));
    serve(
        &listener,
        args.max_clients,
        timeout,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    )?;
    Ok(())
}
// ANCHOR_END: run

fn main() -> ExitCode {
    finish("tcp_server", run(Args::parse()))
}
