//! `pop_headers`: the seed's `pop_01` — log in to a POP3 server and show
//! Subject, From, Date and Size of every waiting message, without
//! downloading the bodies (TOP n 0; RETR if the server has no TOP).
//!
//! ```text
//! cargo run -p chapter-08 --bin pop_headers -- --config pop.toml
//! ```
//!
//! The account is read as chapter 7 reads it: a TOML file (`server`,
//! `port`, `user`, `password_env`) and `POP3_HOST`, `POP3_PORT`,
//! `POP3_USER`, `POP3_PASS`, which override it. Try it against the fake
//! server: `cargo run -p harness -- peer pop3 --port 1110`.

use std::path::PathBuf;
use std::process::ExitCode;

use chapter_07::config::{Config, POP3};
use chapter_08::pop3::Login;
use chapter_08::summary;
use clap::Parser;

/// Show the headers of the messages waiting on a POP3 server.
#[derive(Parser)]
#[command(
    after_help = "Configuration file (TOML):\n  server = \"127.0.0.1\"\n  port = 1110\n  user = \"oberon\"\n  password_env = \"POP3_SECRET\"   # the variable holding the password\n\nPOP3_HOST, POP3_PORT, POP3_USER and POP3_PASS override the file."
)]
struct Args {
    /// The account's configuration file.
    #[arg(long, short, default_value = "pop.toml")]
    config: PathBuf,
    /// Log in with USER/PASS even if the server offers APOP.
    #[arg(long)]
    plain: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let env = |k: &str| std::env::var(k).ok();
    let run = || -> anyhow::Result<()> {
        let config = Config::load_for(POP3, Some(&args.config), &env)?;
        let login = if args.plain {
            Login::UserPass
        } else {
            Login::Best
        };
        let mut out = std::io::stdout().lock();
        summary::run(&config, login, &mut out, &mut |_, _, _| Ok(()))
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pop_headers: {e:#}");
            ExitCode::FAILURE
        }
    }
}
