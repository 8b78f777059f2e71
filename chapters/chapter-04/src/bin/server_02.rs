//! `server_02`: the multi-client server of 002 ("Using Lua Coroutines with
//! the select Function"). Every client gets its own session: the server
//! answers each line with every distinct character (bytes 33–255) that
//! client has sent so far, in ascending order. `.quit` ends that client's
//! session, `.shutdown` stops the server. It prints its connection table
//! whenever a client comes or goes.
//!
//! `--engine` picks how the sessions are run: `poll` (a readiness loop with
//! explicit state), `coroutine` (an `async fn` per client on the chapter's
//! own executor) or `tokio`. `--echo` swaps the session for a line echo.

use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_04::control::{Options, Stop};
use chapter_04::engine::{Engine, serve};
use chapter_04::session::Kind;

/// Multi-client server: replies with the distinct characters each client sent.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port chosen by the OS).
    #[arg(default_value_t = 3072)]
    port: u16,
    /// How to serve many clients at once.
    #[arg(long, value_enum, default_value = "poll")]
    engine: Engine,
    /// Echo each line instead (for load tests with the harness swarm).
    #[arg(long)]
    echo: bool,
    /// Do not print the connection table.
    #[arg(long, short)]
    quiet: bool,
}

fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port).context("Listening socket")?;
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
    let kind = if args.echo {
        Kind::Echo
    } else {
        Kind::Distinct
    };
    let opts = Options {
        show_table: !args.quiet,
    };
    println!(
        "Listening on {} (engine {}); send .quit to leave, .shutdown to stop the server",
        listener.local_addr()?,
        args.engine.name()
    );
    serve(args.engine, listener, kind, opts, &Stop::new()).context("Serving")
}

fn main() -> ExitCode {
    finish("server_02", run(Args::parse()))
}
