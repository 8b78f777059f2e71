//! The mail peers started by hand (`workbook peer smtp|pop3|room`): where
//! they take their accounts and mail store from.
//!
//! In order: the command line (`--accounts FILE`, `--store DIR`), then the
//! environment (`$SMTP_ACCOUNTS`, `$SMTP_STORE`, `$POP3_STORE`: the
//! conformance cases set these, so they keep working), then the
//! workspace's `fixtures/mail/accounts.toml`, then the test account.
//!
//! # Layout
//! [`ACCOUNTS_ENV`], [`STORE_ENV`], [`MailSetup`], `start_from_env` (a mail
//! peer started from the environment alone, as the registry does),
//! [`start_cli_with`],
//! `cli_accounts`.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use harness::fault::FaultPlan;
use harness::mail::{Accounts, DEFAULT_MAX_SESSIONS};
use harness::peer::{PeerConfig, PeerHandle};
use harness::smtp::{Limits, SmtpOptions, start_with};

/// The variable naming the accounts file when `--accounts` is not given.
pub const ACCOUNTS_ENV: &str = "SMTP_ACCOUNTS";
/// The variable naming the mail store directory when `--store` is not given.
pub const STORE_ENV: &str = "SMTP_STORE";

/// What `workbook peer` gives a mail peer, resolved before it starts (so a
/// bad accounts file is reported as such, not as a failure to listen).
#[derive(Debug, Clone)]
pub struct MailSetup {
    /// Who may log in.
    pub accounts: Accounts,
    /// `--store DIR`; `None`: each peer's own default (see [`start_cli_with`]
    /// and [`super::pop3::start_cli_with`]).
    pub store: Option<PathBuf>,
    /// Sessions served at once before a client is told the server is full.
    pub max_sessions: usize,
    /// Whether SMTP's MAIL needs AUTH first (the room: yes, so nobody on
    /// the classroom network sends without an account).
    pub require_auth: bool,
}

impl MailSetup {
    /// Accounts from `file` (`--accounts`) or as the module doc says, the
    /// store `store` (`--store`), at most `max_sessions` sessions.
    pub fn resolve(
        file: Option<&Path>,
        store: Option<PathBuf>,
        max_sessions: usize,
    ) -> anyhow::Result<MailSetup> {
        Ok(MailSetup {
            accounts: cli_accounts(file)?,
            store,
            max_sessions,
            require_auth: false,
        })
    }
}

/// Starts a mail peer (`start`: its `start_cli_with`) with the setup the
/// environment alone gives: no `--accounts` or `--store`, the default cap
/// on sessions. A bad accounts file is an error to listen with.
pub(super) fn start_from_env(
    start: impl FnOnce(SocketAddr, FaultPlan, PeerConfig, &MailSetup) -> io::Result<PeerHandle>,
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
) -> io::Result<PeerHandle> {
    let setup = MailSetup::resolve(None, None, DEFAULT_MAX_SESSIONS)
        .map_err(|e| io::Error::other(format!("{e:#}")))?;
    start(bind, plan, config, &setup)
}

/// `workbook peer smtp` with the command line's `setup`: its store, else
/// `$SMTP_STORE`, else mail is kept only in memory.
pub fn start_cli_with(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    setup: &MailSetup,
) -> io::Result<PeerHandle> {
    let store = setup
        .store
        .clone()
        .or_else(|| std::env::var_os(STORE_ENV).map(PathBuf::from));
    let opts = SmtpOptions {
        bind,
        plan,
        config,
        accounts: setup.accounts.clone(),
        store,
        max_sessions: setup.max_sessions,
        limits: Limits {
            require_auth: setup.require_auth,
            ..Limits::default()
        },
    };
    Ok(start_with(opts)?.into_peer())
}

/// The accounts of the `workbook peer` mail servers: `file` if given, else
/// as the module doc says. The `$SMTP_USER` account is added either way.
pub(crate) fn cli_accounts(file: Option<&Path>) -> anyhow::Result<Accounts> {
    let file = match file {
        Some(f) => Some(f.to_path_buf()),
        None => std::env::var_os(ACCOUNTS_ENV)
            .map(PathBuf::from)
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|d| harness::workspace::Workspace::discover(&d).ok())
                    .map(|w| w.fixtures_dir().join("mail/accounts.toml"))
                    .filter(|p| p.exists())
            }),
    };
    let mut accounts = match file {
        Some(p) => Accounts::load(&p)?,
        None => Accounts::test(),
    };
    if let (Ok(user), Ok(pass)) = (std::env::var("SMTP_USER"), std::env::var("SMTP_PASS")) {
        let address = format!("{user}@workbook.test");
        accounts = accounts.with(&user, &pass, &address);
    }
    Ok(accounts)
}
