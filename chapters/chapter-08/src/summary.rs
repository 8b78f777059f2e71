//! What both programs do: open the account, list the messages, read each
//! one's headers, and print a summary per message — the seed's `pop_01`,
//! with headers unfolded and encoded words decoded.
//!
//! Output (the seed's layout):
//!
//! ```text
//! Connecting to 127.0.0.1
//! Retrieving headers
//! --- Msg 1 ---
//! Subject: Moonlight
//! From: Puck <puck@fairy.example>
//! Date: Sun, 21 Jun 2026 00:30:00 +0000
//! Size: 540
//! Disconnecting from 127.0.0.1
//! ```
//!
//! Layout: [`Summary`], [`open`], [`summaries`], [`run`] ([`AfterMessage`]).

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use anyhow::Context;
use chapter_02::timeout::TimedStream;
use chapter_07::config::Config;

use crate::headers;
use crate::pop3::{Capabilities, Client, Limits, Login};

/// How long to wait for the server at each step.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on the whole session, connect to QUIT: a server that
/// trickles its replies, each byte in time, is cut off after it.
pub const MAX_TIME: Duration = Duration::from_secs(5 * 60);

/// The connection the programs use: [`TIMEOUT`] per wait, one deadline.
pub type Conn = Client<TimedStream>;

/// One message as the listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Its number in this session.
    pub number: u32,
    /// Its size from LIST.
    pub size: u64,
    /// Subject, From and Date, decoded (`None` when absent).
    pub subject: Option<String>,
    /// The From header.
    pub from: Option<String>,
    /// The Date header.
    pub date: Option<String>,
}

impl Summary {
    /// From a header block.
    pub fn new(number: u32, size: u64, head: &[u8]) -> Self {
        let fields = headers::parse(head);
        Summary {
            number,
            size,
            subject: headers::get(&fields, "Subject"),
            from: headers::get(&fields, "From"),
            date: headers::get(&fields, "Date"),
        }
    }

    /// The lines the programs print for it.
    pub fn render(&self) -> String {
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "---".into());
        format!(
            "--- Msg {} ---\nSubject: {}\nFrom: {}\nDate: {}\nSize: {}\n",
            self.number,
            or(&self.subject),
            or(&self.from),
            or(&self.date),
            self.size
        )
    }
}

// ANCHOR: open
/// Connects to the configured server (with timeouts; the whole session is
/// over by `end`) and logs in.
pub fn open(config: &Config, login: Login, end: Option<Instant>) -> anyhow::Result<Conn> {
    let creds = config
        .credentials
        .as_ref()
        .context("no account: set `user` and `password_env` (or POP3_USER and POP3_PASS)")?;
    let stream = connect(&config.server, config.port)
        .with_context(|| format!("cannot connect to {}:{}", config.server, config.port))?;
    let stream = TimedStream::new(stream, Some(TIMEOUT), end);
    let mut client = Client::connect(stream, Limits::default())?;
    client
        .login(&creds.user, &creds.password, login)
        .with_context(|| format!("cannot log in as {}", creds.user))?;
    Ok(client)
}
// ANCHOR_END: open

/// The first address of `host:port` that answers within [`TIMEOUT`].
fn connect(host: &str, port: u16) -> std::io::Result<TcpStream> {
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "the name has no address");
    for addr in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// LIST, then the headers of every message.
pub fn summaries(client: &mut Conn, caps: &Capabilities) -> anyhow::Result<Vec<Summary>> {
    let mut out = Vec::new();
    for (n, size) in client.list()? {
        let head = client.headers(n, caps)?;
        out.push(Summary::new(n, size, &head));
    }
    Ok(out)
}

/// What [`run`] calls after printing each message's summary.
pub type AfterMessage<'a> =
    dyn FnMut(&mut Conn, &Summary, &mut dyn Write) -> anyhow::Result<()> + 'a;

// ANCHOR: run
/// The whole program: connect, log in, summarize each message, call
/// `after` for each (the body printer hooks in here), QUIT; all of it
/// within `max_time` (`None`: no limit).
pub fn run(
    config: &Config,
    login: Login,
    max_time: Option<Duration>,
    out: &mut dyn Write,
    after: &mut AfterMessage<'_>,
) -> anyhow::Result<()> {
    writeln!(out, "Connecting to {}", config.server)?;
    let mut client = open(config, login, max_time.map(|t| Instant::now() + t))?;
    writeln!(out, "Retrieving headers")?;
    let caps = client.capa()?;
    for summary in summaries(&mut client, &caps)? {
        out.write_all(summary.render().as_bytes())?;
        after(&mut client, &summary, out)?;
    }
    writeln!(out, "Disconnecting from {}", config.server)?;
    client.quit()?;
    Ok(())
}
// ANCHOR_END: run
