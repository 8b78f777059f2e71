//! `echo_server`: the echo server of LuaSocket's introduction (001). It
//! binds an ephemeral port, prints it, and for each client reads one line
//! within a timeout, sends it back, and closes the connection.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_02::echo::{banner, echo_one};
use chapter_02::serve::serve_each;
use chapter_02::socket::bind;

/// Echo server: one line per client, then close.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port, printed at start).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seconds each client has to send its line.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Exit after this many clients (default: serve forever).
    #[arg(long)]
    max_clients: Option<u64>,
}

fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port)?;
    let server = bind(addr, 128).with_context(|| format!("cannot listen on {addr}"))?;
    let timeout = Duration::from_secs_f64(args.timeout.max(0.001));
    let mut out = std::io::stdout();
    out.write_all(banner(server.local_addr()?, timeout).as_bytes())?;
    out.flush()?;
    serve_each(
        &server,
        args.max_clients,
        &mut std::io::stderr(),
        |mut client| echo_one(&mut client, timeout).map(drop),
    )?;
    Ok(())
}

fn main() -> ExitCode {
    finish("echo_server", run(Args::parse()))
}
