//! The fake POP3 server (DESIGN.md §5): a real POP3 server on loopback for
//! chapter 8's tests, `workbook peer pop3`, and real clients (curl,
//! Python's poplib).
//!
//! It serves the mailboxes of a [`MailStore`] (`<store>/<user>/NNNN.eml`:
//! `fixtures/mail/` itself, or where the fake SMTP server delivered) to the
//! users of an [`Accounts`] set, through the states of RFC 1939:
//! AUTHORIZATION (USER/PASS, APOP), TRANSACTION (STAT, LIST, UIDL, TOP,
//! RETR, DELE, RSET, NOOP, CAPA) and UPDATE (deletions happen only at QUIT;
//! a dropped connection deletes nothing). One session per maildrop at a
//! time; optional commands can be switched off with [`Caps`]; faults come
//! from the [`FaultPlan`] (see `serve` for the conventions).
//!
//! ```no_run
//! let pop = harness::pop3::start_on_fixtures();
//! // ... log in to pop.addr() as oberon / king-of-shadows, RETR 1 ...
//! ```
//!
//! Accounts, the mail store, the session cap, dot-stuffing and the
//! test-side client ([`client`]) are shared with the SMTP peer, in
//! [`crate::mail`].
//!
//! # Layout
//! - this file: [`Caps`], [`Pop3Options`], [`FakePop3`], [`start_with`],
//!   [`start_on_fixtures`], [`fixture_store`], the rstest fixture
//!   [`fake_pop3`], [`apop_digest`].
//! - [`session`]: the protocol core (sans-I/O); [`action`]: what it
//!   answers ([`Action`]); `commands`: each state's commands; `serve`:
//!   the connection loop.
//! - [`maildrop`]: one session's messages and marks.

pub mod action;
mod commands;
pub mod maildrop;
mod serve;
pub mod session;

use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use crate::mail::client::pop3 as client;
pub use action::{Action, Secret};
pub use session::ServerSession;

use crate::fault::FaultPlan;
use crate::mail::{Accounts, DEFAULT_MAX_SESSIONS, MailStore};
use crate::peer::{PeerConfig, PeerHandle, spawn_tcp_with};
use crate::transcript::Transcript;

/// Optional commands the server offers; switch one off to test a
/// client's fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// TOP (and CAPA's `TOP`).
    pub top: bool,
    /// UIDL.
    pub uidl: bool,
    /// USER and PASS.
    pub user: bool,
    /// APOP (and the timestamp in the greeting).
    pub apop: bool,
    /// CAPA itself (off: an RFC 1939-only server).
    pub capa: bool,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            top: true,
            uidl: true,
            user: true,
            apop: true,
            capa: true,
        }
    }
}

/// How to start a fake POP3 server.
#[derive(Debug, Clone)]
pub struct Pop3Options {
    /// Where to listen (default `127.0.0.1:0`).
    pub bind: SocketAddr,
    /// Faults to apply.
    pub plan: FaultPlan,
    /// Timeouts and connection limit.
    pub config: PeerConfig,
    /// Who may log in (default: `fixtures/mail/accounts.toml`).
    pub accounts: Accounts,
    /// The mail store whose mailboxes are the maildrops.
    pub store: PathBuf,
    /// Optional commands offered.
    pub caps: Caps,
    /// Whether QUIT removes deleted messages' files (false: they are only
    /// hidden for the rest of this server's life, so fixtures stay intact).
    pub remove_files: bool,
    /// Sessions served at once; one more is answered `-ERR [SYS/TEMP]`.
    pub max_sessions: usize,
}

impl Pop3Options {
    /// Serving `store` with the shared accounts, removing deleted files.
    pub fn new(store: impl Into<PathBuf>) -> Self {
        Pop3Options {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            plan: FaultPlan::none(),
            config: PeerConfig::default(),
            accounts: fixture_accounts(),
            store: store.into(),
            caps: Caps::default(),
            remove_files: true,
            max_sessions: DEFAULT_MAX_SESSIONS,
        }
    }
}

/// State shared by the connections of one server.
#[derive(Debug)]
pub(crate) struct Shared {
    accounts: Accounts,
    store: MailStore,
    caps: Caps,
    remove_files: bool,
    seed: u64,
    locked: Mutex<HashSet<String>>,
    gone: Mutex<Vec<PathBuf>>,
}

/// A running fake POP3 server. Dropping it stops it.
#[derive(Debug)]
pub struct FakePop3 {
    peer: PeerHandle,
    store: PathBuf,
    // Declared after `peer`, so the server stops before its store goes.
    _tmp: Option<tempfile::TempDir>,
}

/// Everything a peer has (its address, transcript, seed, failure
/// messages) is reached through the peer it runs on.
impl std::ops::Deref for FakePop3 {
    type Target = PeerHandle;

    fn deref(&self) -> &PeerHandle {
        &self.peer
    }
}

impl FakePop3 {
    /// The underlying peer alone, for a caller that needs only the server (a temporary store, if any, goes with
    /// `self`: use it only with a store of your own).
    pub fn into_peer(self) -> PeerHandle {
        self.peer
    }

    /// The store served.
    pub fn store(&self) -> &Path {
        &self.store
    }

    /// The message files of `user`'s mailbox now on disk, in order.
    pub fn files(&self, user: &str) -> Vec<PathBuf> {
        MailStore::new(&self.store)
            .messages(user)
            .map(|m| m.into_iter().map(|(p, _)| p).collect())
            .unwrap_or_default()
    }

    /// Stops the server and returns its transcript.
    pub fn stop(self) -> Transcript {
        self.peer.stop()
    }
}

/// A server as `opts` describes.
pub fn start_with(opts: Pop3Options) -> io::Result<FakePop3> {
    let shared = Arc::new(Shared {
        accounts: opts.accounts,
        store: MailStore::new(&opts.store),
        caps: opts.caps,
        remove_files: opts.remove_files,
        seed: opts.plan.seed,
        locked: Mutex::new(HashSet::new()),
        gone: Mutex::new(Vec::new()),
    });
    let config = farewells(opts.config, opts.max_sessions);
    let peer = spawn_tcp_with("pop3", opts.bind, opts.plan, config, move |conn| {
        serve::serve(conn, shared.clone())
    })?;
    Ok(FakePop3 {
        peer,
        store: opts.store,
        _tmp: None,
    })
}

/// The workspace's `fixtures/mail` directory.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/mail")
}

/// The shared test accounts (`fixtures/mail/accounts.toml`), or just the
/// default test account if that file cannot be read.
pub fn fixture_accounts() -> Accounts {
    Accounts::load(&fixtures_dir().join("accounts.toml")).unwrap_or_else(|_| Accounts::test())
}

/// A temporary copy of `fixtures/mail` (the mailboxes), so a test may
/// delete messages; returns the directory guard and its path.
pub fn fixture_store() -> io::Result<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    for entry in std::fs::read_dir(fixtures_dir())? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let to = tmp.path().join(entry.file_name());
        std::fs::create_dir_all(&to)?;
        for file in std::fs::read_dir(entry.path())? {
            let file = file?;
            std::fs::copy(file.path(), to.join(file.file_name()))?;
        }
    }
    let path = tmp.path().to_path_buf();
    Ok((tmp, path))
}

/// A server on a temporary copy of the fixture mailboxes, with `opts`'s
/// other settings.
pub fn start_on_fixtures_with(mut opts: Pop3Options) -> io::Result<FakePop3> {
    let (tmp, path) = fixture_store()?;
    opts.store = path;
    let mut pop = start_with(opts)?;
    pop._tmp = Some(tmp);
    Ok(pop)
}

/// A server on a temporary copy of the fixture mailboxes; panics if it
/// cannot start (a test environment problem).
pub fn start_on_fixtures() -> FakePop3 {
    start_on_fixtures_with(Pop3Options::new(""))
        .unwrap_or_else(|e| panic!("cannot start the fake POP3 server: {e}"))
}

/// rstest fixture: [`start_on_fixtures`], so a test reads
/// `fn lists(fake_pop3: FakePop3)`.
#[rstest::fixture]
pub fn fake_pop3() -> FakePop3 {
    start_on_fixtures()
}

/// The APOP digest (RFC 1939 §7): MD5 of timestamp and secret, lower-case hex.
pub fn apop_digest(timestamp: &str, secret: &str) -> String {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(timestamp.as_bytes());
    h.update(secret.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The peer's limits in POP3's words: at most `max_sessions` at once; one
/// more (or one evicted to make room for it) gets `-ERR [SYS/TEMP]`
/// instead of the greeting, "try again later" (RFC 3206 §4). A client
/// silent past the timeout is closed without a word, as RFC 1939 §3 asks
/// of the autologout timer.
fn farewells(config: PeerConfig, max_sessions: usize) -> PeerConfig {
    let max = config.max_conns.min(max_sessions).max(1);
    PeerConfig {
        max_conns: max,
        busy_reply: format!(
            "-ERR [SYS/TEMP] too many connections ({max} at most); try again later\r\n"
        )
        .into_bytes(),
        ..config
    }
}
