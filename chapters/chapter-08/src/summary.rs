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
use std::net::TcpStream;
use std::time::Duration;

use anyhow::Context;
use chapter_07::config::Config;

use crate::headers;
use crate::pop3::{Capabilities, Client, Limits, Login};

/// How long to wait for the server at each step.
pub const TIMEOUT: Duration = Duration::from_secs(30);

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
/// Connects to the configured server (with timeouts) and logs in.
pub fn open(config: &Config, login: Login) -> anyhow::Result<Client<TcpStream>> {
    let creds = config
        .credentials
        .as_ref()
        .context("no account: set `user` and `password_env` (or POP3_USER and POP3_PASS)")?;
    let stream = TcpStream::connect((config.server.as_str(), config.port))
        .with_context(|| format!("cannot connect to {}:{}", config.server, config.port))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut client = Client::connect(stream, Limits::default())?;
    client
        .login(&creds.user, &creds.password, login)
        .with_context(|| format!("cannot log in as {}", creds.user))?;
    Ok(client)
}
// ANCHOR_END: open

/// LIST, then the headers of every message.
pub fn summaries(
    client: &mut Client<TcpStream>,
    caps: &Capabilities,
) -> anyhow::Result<Vec<Summary>> {
    let mut out = Vec::new();
    for (n, size) in client.list()? {
        let head = client.headers(n, caps)?;
        out.push(Summary::new(n, size, &head));
    }
    Ok(out)
}

/// What [`run`] calls after printing each message's summary.
pub type AfterMessage<'a> =
    dyn FnMut(&mut Client<TcpStream>, &Summary, &mut dyn Write) -> anyhow::Result<()> + 'a;

// ANCHOR: run
/// The whole program: connect, log in, summarize each message, call
/// `after` for each (the body printer hooks in here), QUIT.
pub fn run(
    config: &Config,
    login: Login,
    out: &mut dyn Write,
    after: &mut AfterMessage<'_>,
) -> anyhow::Result<()> {
    writeln!(out, "Connecting to {}", config.server)?;
    let mut client = open(config, login)?;
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
