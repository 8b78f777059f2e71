//! `broadcast_chat`: 000's chat server as it stands, with no logins: every
//! line a client sends goes to every connected client, the sender
//! included, followed by a LF. It runs on the chapter's readiness loop
//! (`poll::serve`) instead of the seed's spinning one, so an idle room
//! costs no CPU. `chat_server` is the same room with the "Try It Yourself"
//! items (logins, private messages).
//!
//! `cargo run -p chapter-04 --bin broadcast_chat -- 127.0.0.1 12345`, then
//! two `nc 127.0.0.1 12345` in two terminals.
//!
//! Layout: [`Broadcast`] (the room as a [`Service`]), [`Args`], `main`.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_04::control::{Options, Stop};
use chapter_04::poll::serve;
use chapter_04::service::{Id, Outbox, Service};

/// Plain broadcast chat (000): each line to everyone, sender included.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port chosen by the OS).
    #[arg(default_value_t = 12345)]
    port: u16,
    /// Do not print each line received.
    #[arg(long)]
    quiet: bool,
}

/// The room: who is connected, in order of arrival (a set keeps the
/// broadcast order stable, which makes transcripts repeatable).
#[derive(Debug, Default)]
struct Broadcast {
    members: BTreeSet<Id>,
    quiet: bool,
}

impl Service for Broadcast {
    fn open(&mut self, id: Id, _out: &mut Outbox) {
        self.members.insert(id);
    }

    fn line(&mut self, _id: Id, line: &[u8], out: &mut Outbox) {
        if !self.quiet {
            println!("Received: {}", String::from_utf8_lossy(line));
        }
        // The seed ends what it forwards with a bare LF, whatever ending
        // the sender used (the line pattern dropped it): so do we.
        let mut bytes = line.to_vec();
        bytes.push(b'\n');
        for &member in &self.members {
            out.send(member, bytes.clone());
        }
    }

    fn close(&mut self, id: Id, _out: &mut Outbox) {
        self.members.remove(&id);
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let addr = resolve(&args.host, args.port).context("Listening socket")?;
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
    println!("Chat server listening on {}", listener.local_addr()?);
    let mut room = Broadcast {
        quiet: args.quiet,
        ..Broadcast::default()
    };
    serve(listener, &mut room, Options::default(), &Stop::new()).context("Serving")
}

fn main() -> ExitCode {
    finish("broadcast_chat", run(Args::parse()))
}
