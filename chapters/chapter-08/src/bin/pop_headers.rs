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
//! server: `cargo workbook peer pop3 --port 1110`.

use std::process::ExitCode;

use chapter_08::cli::{AccountArgs, CONFIG_HELP, exit_status};
use clap::Parser;

/// Show the headers of the messages waiting on a POP3 server.
#[derive(Parser)]
#[command(after_help = CONFIG_HELP)]
struct Args {
    #[command(flatten)]
    account: AccountArgs,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut out = std::io::stdout().lock();
    let result = args.account.run(&mut out, &mut |_, _, _| Ok(()));
    exit_status("pop_headers", result)
}
