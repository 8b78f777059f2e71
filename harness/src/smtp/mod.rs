//! The fake SMTP server (DESIGN.md §5): a real SMTP server on loopback for
//! chapter 7's tests, `workbook peer smtp`, and real clients (curl, Python's
//! smtplib, swaks).
//!
//! It greets, answers EHLO with SIZE, 8BITMIME, PIPELINING and AUTH PLAIN
//! LOGIN, logs users in from an [`Accounts`] set, enforces command order and
//! the line limits of RFC 5321 §4.5.3.1, and for each accepted message
//! records a [`Delivery`] (envelope, bytes, who logged in) for the test and,
//! when given a [`MailStore`], writes one file per recipient mailbox in the
//! layout chapter 8's POP3 peer serves (`<store>/<mailbox>/<NNNN>.eml`).
//! Only the newest deliveries stay in memory ([`Limits::keep_messages`],
//! [`Limits::keep_bytes`]; the oldest go first), so a peer left running
//! for a class, or flooded, does not grow without end.
//!
//! Faults come from the [`FaultPlan`]: `.on("RCPT", 2, "550 5.1.1 No such
//! user")` refuses the second recipient; `.on("MAIL", 1, "421 4.3.2 Shutting
//! down")` ends the session; `.on(".", 1, "<drop>")` drops the connection
//! after the message data; `.malformed(2, MalformKind::TruncateFinal)`
//! sends the EHLO reply without its final line.
//!
//! ```no_run
//! let smtp = harness::smtp::start();
//! // ... send a message to smtp.addr() as puck / goodfellow ...
//! let mail = smtp.wait_for_deliveries(1);
//! assert_eq!(mail[0].rcpt, ["oberon@fairy.example"]);
//! ```
//!
//! Accounts, the mail store, the session cap, base64 and the test-side
//! client are shared with the POP3 peer, in [`crate::mail`]; the ones this
//! module's API takes are re-exported here ([`Accounts`], [`MailStore`],
//! ...), as are [`accounts`] and [`client`] under their old paths.
//!
//! # Layout
//! - this file: [`SmtpOptions`], [`Delivery`], [`FakeSmtp`], [`start`],
//!   [`start_with`], the rstest fixtures [`fake_smtp`] and
//!   [`chopped_fake_smtp`].
//! - [`session`]: the protocol core (sans-I/O), with `args` (MAIL and RCPT
//!   arguments) and `reply` (reply lines); `serve`: the connection loop.
//! - [`parse`]: header fields, for checks on delivered messages.

mod args;
pub mod parse;
mod reply;
mod serve;
pub mod session;

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub use crate::mail::client::smtp as client;
pub use crate::mail::{Account, Accounts, DEFAULT_MAX_SESSIONS, MailStore, accounts};
pub use session::Limits;

use crate::fault::FaultPlan;
use crate::peer::{PeerConfig, PeerHandle, spawn_tcp_with};
use crate::transcript::Transcript;

/// How to start a fake SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpOptions {
    /// Where to listen (default `127.0.0.1:0`).
    pub bind: SocketAddr,
    /// Faults to apply.
    pub plan: FaultPlan,
    /// Timeouts and connection limit.
    pub config: PeerConfig,
    /// Who may log in.
    pub accounts: Accounts,
    /// Host name, SIZE limit, whether login is required.
    pub limits: Limits,
    /// Where to store accepted mail (`None`: only in memory).
    pub store: Option<PathBuf>,
    /// Sessions served at once; one more is answered `421` and closed.
    pub max_sessions: usize,
}

impl Default for SmtpOptions {
    fn default() -> Self {
        SmtpOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            plan: FaultPlan::none(),
            config: PeerConfig::default(),
            accounts: Accounts::test(),
            limits: Limits::default(),
            store: None,
            max_sessions: DEFAULT_MAX_SESSIONS,
        }
    }
}

/// One accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `MAIL FROM` (empty for the null path `<>`).
    pub from: String,
    /// Every accepted `RCPT TO`.
    pub rcpt: Vec<String>,
    /// The `BODY=` parameter, if given.
    pub body: Option<String>,
    /// The message as sent, dots unstuffed, without the final `.` line.
    pub data: Vec<u8>,
    /// The user who logged in, if any.
    pub user: Option<String>,
    /// The files written into the store, one per recipient.
    pub files: Vec<PathBuf>,
}

/// State shared by the connections of one server.
#[derive(Debug)]
struct Shared {
    accounts: Accounts,
    limits: Limits,
    store: Option<MailStore>,
    mail: Mutex<Kept>,
    changed: Condvar,
}

/// The deliveries kept in memory: the newest, within the limits.
#[derive(Debug, Default)]
struct Kept {
    recent: VecDeque<Delivery>,
    bytes: usize,
    /// Every message accepted since the start, kept or not.
    accepted: usize,
}

impl Kept {
    /// Keeps `d`, dropping the oldest beyond `limits`; returns its number.
    fn push(&mut self, d: Delivery, limits: &Limits) -> usize {
        self.accepted += 1;
        self.bytes += d.data.len();
        self.recent.push_back(d);
        // Bounded: each pass drops one, and the newest always stays.
        while self.recent.len() > 1
            && (self.recent.len() > limits.keep_messages || self.bytes > limits.keep_bytes)
        {
            if let Some(old) = self.recent.pop_front() {
                self.bytes -= old.data.len();
            }
        }
        self.accepted
    }
}

/// A running fake SMTP server. Dropping it stops it.
#[derive(Debug)]
pub struct FakeSmtp {
    peer: PeerHandle,
    shared: Arc<Shared>,
}

/// Longest wait of [`FakeSmtp::wait_for_deliveries`].
pub const WAIT: Duration = Duration::from_secs(10);

/// Everything a peer has (its address, transcript, seed, failure
/// messages) is reached through the peer it runs on.
impl std::ops::Deref for FakeSmtp {
    type Target = PeerHandle;

    fn deref(&self) -> &PeerHandle {
        &self.peer
    }
}

impl FakeSmtp {
    /// The underlying peer alone, for a caller that needs only the server.
    pub fn into_peer(self) -> PeerHandle {
        self.peer
    }

    /// The messages accepted so far (the newest, within the limits).
    pub fn deliveries(&self) -> Vec<Delivery> {
        let mail = self.shared.mail.lock().unwrap_or_else(|p| p.into_inner());
        mail.recent.iter().cloned().collect()
    }

    /// How many messages were accepted since the start, kept or not.
    pub fn accepted(&self) -> usize {
        (self.shared.mail.lock())
            .unwrap_or_else(|p| p.into_inner())
            .accepted
    }

    /// Waits (up to [`WAIT`]) until at least `n` messages were accepted and
    /// returns those kept; panics with the transcript if they do not come.
    pub fn wait_for_deliveries(&self, n: usize) -> Vec<Delivery> {
        let until = Instant::now() + WAIT;
        let mut mail = self.shared.mail.lock().unwrap_or_else(|p| p.into_inner());
        while mail.accepted < n {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(mail);
                panic!(
                    "{}",
                    self.peer
                        .failure(&format!("expected {n} accepted message(s)"))
                );
            }
            mail = self
                .shared
                .changed
                .wait_timeout(mail, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        mail.recent.iter().cloned().collect()
    }

    /// Stops the server and returns its transcript.
    pub fn stop(self) -> Transcript {
        self.peer.stop()
    }

    /// Stops the server once every connection it opened has ended (waiting
    /// up to [`WAIT`]), so the transcript does not depend on how quickly the
    /// last connection thread finished; for snapshots.
    pub fn stop_when_idle(self) -> Transcript {
        use crate::transcript::Event;
        self.peer.recorder().wait_for(WAIT, |events| {
            let opened = events
                .iter()
                .filter(|e| matches!(e, Event::Open { .. }))
                .count();
            let ended = events
                .iter()
                .filter(|e| matches!(e, Event::Close { .. } | Event::Reset { .. }))
                .count();
            ended >= opened
        });
        self.peer.stop()
    }
}

/// A server on `127.0.0.1:0` with the test account and no faults; panics
/// if it cannot bind (a test environment problem).
pub fn start() -> FakeSmtp {
    start_with(SmtpOptions::default())
        .unwrap_or_else(|e| panic!("cannot start the fake SMTP server on 127.0.0.1:0: {e}"))
}

/// rstest fixture: a fake SMTP server with the test account and no faults,
/// so a test reads `fn sends_mail(fake_smtp: FakeSmtp)`.
#[rstest::fixture]
pub fn fake_smtp() -> FakeSmtp {
    start()
}

/// rstest fixture: a fake SMTP server whose replies arrive one byte per write.
#[rstest::fixture]
pub fn chopped_fake_smtp() -> FakeSmtp {
    let plan = FaultPlan::none().chop(1);
    start_with(SmtpOptions {
        plan,
        ..SmtpOptions::default()
    })
    .unwrap_or_else(|e| panic!("cannot start the fake SMTP server on 127.0.0.1:0: {e}"))
}

/// A server as `opts` describes.
pub fn start_with(opts: SmtpOptions) -> io::Result<FakeSmtp> {
    let shared = Arc::new(Shared {
        accounts: opts.accounts,
        limits: opts.limits,
        store: opts.store.map(MailStore::new),
        mail: Mutex::new(Kept::default()),
        changed: Condvar::new(),
    });
    let config = farewells(opts.config, opts.max_sessions, &shared.limits.hostname);
    let for_conns = shared.clone();
    let peer = spawn_tcp_with("smtp", opts.bind, opts.plan, config, move |conn| {
        serve::serve(conn, for_conns.clone())
    })?;
    if let Some(store) = &shared.store {
        peer.recorder()
            .set_header("store", store.root().display().to_string());
    }
    Ok(FakeSmtp { peer, shared })
}

/// The peer's limits in SMTP's words: at most `max_sessions` at once, one
/// more (or one evicted to make room for it) greeted with `421` instead of
/// `220` (RFC 5321 §3.1), and a client silent past the timeout told `421`
/// before the close (RFC 5321 §4.5.3.2: a server may end a session that
/// waits too long; §3.8: with 421).
fn farewells(config: PeerConfig, max_sessions: usize, host: &str) -> PeerConfig {
    let max = config.max_conns.min(max_sessions).max(1);
    PeerConfig {
        max_conns: max,
        busy_reply: format!(
            "421 4.3.2 {host} Too many connections ({max} at most); try again later\r\n"
        )
        .into_bytes(),
        idle_reply: format!("421 4.4.2 {host} Timeout waiting for the client; closing\r\n")
            .into_bytes(),
        ..config
    }
}
