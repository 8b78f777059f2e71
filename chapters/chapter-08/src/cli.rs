//! The command line both POP3 programs share (`pop_headers`, `pop_body`):
//! the account file, the choice of login, and how a failure ends the
//! program. The account is read as chapter 7 reads it
//! ([`chapter_07::config`] with [`POP3`]): a TOML file, overridden by
//! `POP3_HOST`, `POP3_PORT`, `POP3_USER` and `POP3_PASS`.
//!
//! Layout: [`CONFIG_HELP`], [`AccountArgs`], [`exit_status`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chapter_07::config::{Config, POP3};

use crate::pop3::Login;
use crate::summary::{self, AfterMessage};

/// The programs' `--help` epilogue: the configuration file's format.
pub const CONFIG_HELP: &str = "Configuration file (TOML):\n  server = \"127.0.0.1\"\n  port = 1110\n  user = \"oberon\"\n  password_env = \"POP3_SECRET\"   # the variable holding the password\n\nPOP3_HOST, POP3_PORT, POP3_USER and POP3_PASS override the file.";

/// Which account, and how to log in.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountArgs {
    /// The account's configuration file.
    #[arg(long, short, default_value = "pop.toml")]
    pub config: PathBuf,
    /// Log in with USER/PASS even if the server offers APOP.
    #[arg(long)]
    pub plain: bool,
    /// The longest the whole session may take, in seconds (0: no limit).
    #[arg(long, default_value_t = summary::MAX_TIME.as_secs())]
    pub max_time: u64,
}

// ANCHOR: account_run
impl AccountArgs {
    /// Loads the account and runs [`summary::run`] with it, writing to
    /// `out` and calling `after` for each message.
    pub fn run(&self, out: &mut dyn Write, after: &mut AfterMessage<'_>) -> anyhow::Result<()> {
        let env = |k: &str| std::env::var(k).ok();
        let config = Config::load_for(POP3, Some(&self.config), &env)?;
        let login = if self.plain {
            Login::UserPass
        } else {
            Login::Best
        };
        let max_time = (self.max_time > 0).then(|| Duration::from_secs(self.max_time));
        summary::run(&config, login, max_time, out, after)
    }
}
// ANCHOR_END: account_run

/// A program's exit status: success, or `<program>: <error>` on stderr
/// and failure.
pub fn exit_status(program: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{program}: {e:#}");
            ExitCode::FAILURE
        }
    }
}
