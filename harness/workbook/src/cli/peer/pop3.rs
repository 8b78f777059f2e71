//! `workbook peer pop3` (and the room's POP3 service started by hand):
//! which accounts, which store, which commands.
//!
//! Accounts as the SMTP peer reads them ([`MailSetup`]), plus
//! `$POP3_USER`/`$POP3_PASS` (the conformance case `pop3-server` names its
//! account this way). The store: `--store`, else `$POP3_STORE` (deletions
//! remove files), else the workspace's `fixtures/mail` (deletions are only
//! hidden, so the fixtures stay intact). `$POP3_DISABLE=top,uidl,...`
//! switches optional commands off.
//!
//! # Layout
//! [`STORE_ENV`], [`DISABLE_ENV`], [`start_cli_with`] (started from the
//! environment alone by the registry, through `smtp::start_from_env`),
//! `caps_from_env`.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use super::smtp::MailSetup;
use harness::fault::FaultPlan;
use harness::peer::{PeerConfig, PeerHandle};
use harness::pop3::{Caps, Pop3Options, fixtures_dir, start_with};

/// The variable naming the store when `--store` is not given.
pub const STORE_ENV: &str = "POP3_STORE";
/// The variable listing commands to switch off (`top,uidl,user,apop,capa`).
pub const DISABLE_ENV: &str = "POP3_DISABLE";

/// `workbook peer pop3` with the command line's `setup` (see the module doc).
pub fn start_cli_with(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    setup: &MailSetup,
) -> io::Result<PeerHandle> {
    let mut accounts = setup.accounts.clone();
    if let (Ok(user), Ok(pass)) = (std::env::var("POP3_USER"), std::env::var("POP3_PASS")) {
        accounts = accounts.with(&user, &pass, &format!("{user}@workbook.test"));
    }
    let (store, remove_files) = match setup
        .store
        .clone()
        .or_else(|| std::env::var_os(STORE_ENV).map(PathBuf::from))
    {
        Some(p) => (p, true),
        None => (fixtures_dir(), false),
    };
    let opts = Pop3Options {
        bind,
        plan,
        config,
        accounts,
        store,
        caps: caps_from_env(),
        remove_files,
        max_sessions: setup.max_sessions,
    };
    Ok(start_with(opts)?.into_peer())
}

/// The optional commands left on by `$POP3_DISABLE`.
fn caps_from_env() -> Caps {
    let off = std::env::var(DISABLE_ENV)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let on = |name: &str| !off.split(',').any(|w| w.trim() == name);
    Caps {
        top: on("top"),
        uidl: on("uidl"),
        user: on("user"),
        apop: on("apop"),
        capa: on("capa"),
    }
}
