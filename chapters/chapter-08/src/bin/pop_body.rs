//! `pop_body`: the seed's exercise 2 — as `pop_headers`, and below each
//! message of at most 4096 bytes, its body.
//!
//! The body printing is the exercise `chapter_08::exercises::body_print`:
//! until you have written it, this program stops at the first message
//! with the exercise's `todo!()` message.
//!
//! ```text
//! cargo run -p chapter-08 --bin pop_body -- --config pop.toml
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use chapter_07::config::{Config, POP3};
use chapter_08::exercises::body_print::body_print;
use chapter_08::pop3::Login;
use chapter_08::summary;
use clap::Parser;

/// Show the headers of waiting messages, and the bodies of small ones.
#[derive(Parser)]
#[command(
    after_help = "Configuration file (TOML):\n  server = \"127.0.0.1\"\n  port = 1110\n  user = \"oberon\"\n  password_env = \"POP3_SECRET\"\n\nPOP3_HOST, POP3_PORT, POP3_USER and POP3_PASS override the file."
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
        summary::run(&config, login, &mut out, &mut |client, msg, out| {
            if body_print(client, msg.number, msg.size, out)? {
                writeln!(out, "--- End of Msg {} ---", msg.number)?;
            }
            Ok(())
        })
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pop_body: {e:#}");
            ExitCode::FAILURE
        }
    }
}
