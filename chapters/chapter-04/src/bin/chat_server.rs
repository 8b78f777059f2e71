//! `chat_server`: 000's chat server on the chapter's readiness loop, with
//! the "Try It Yourself" items done: nicknames with a login, private
//! messages (`/msg NAME TEXT`), `/who`, `/quit`. Lines from one user go to
//! everyone logged in. Give `--user NAME:PASSWORD` (repeatable) to require
//! accounts; without it the room is open.

use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_04::chat::Room;
use chapter_04::control::{Options, Stop};
use chapter_04::poll::serve;

/// Chat server: broadcast, nicknames, private messages, login.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port chosen by the OS).
    #[arg(default_value_t = 12345)]
    port: u16,
    /// An account, NAME:PASSWORD (repeat for more); none: an open room.
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    users: Vec<String>,
    /// Print the connection table whenever someone comes or goes.
    #[arg(long)]
    table: bool,
}

fn run(args: Args) -> anyhow::Result<()> {
    let mut accounts = Vec::new();
    for u in &args.users {
        let Some(pair) = u.split_once(':') else {
            bail!("--user {u:?}: write NAME:PASSWORD");
        };
        accounts.push(pair);
    }
    let mut room = if accounts.is_empty() {
        Room::open()
    } else {
        Room::with_accounts(accounts)
    };
    let addr = resolve(&args.host, args.port).context("Listening socket")?;
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
    println!("Chat server listening on {}", listener.local_addr()?);
    let opts = Options {
        show_table: args.table,
    };
    serve(listener, &mut room, opts, &Stop::new()).context("Serving")
}

fn main() -> ExitCode {
    finish("chat_server", run(Args::parse()))
}
