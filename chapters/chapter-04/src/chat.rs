//! The chat room: 000's chat server, grown up — nicknames, a login,
//! private messages — as a sans-I/O [`Service`].
//!
//! The room never touches a socket. The readiness loop hands it lines and
//! delivers what it puts in the [`Outbox`], so one slow client cannot block a
//! broadcast (its own capped buffer fills and it is dropped; see
//! [`crate::poll`]). Every reply ends in CRLF.
//!
//! The protocol (one command per line):
//! - `/login NAME PASSWORD` — required first. With no accounts configured
//!   the room is open and any password (or none) is accepted. Names are 1–16
//!   letters, digits, `-` or `_`, unique among those online. Three failed
//!   logins close the connection.
//! - `TEXT` — sent to everyone logged in, the sender too: `NAME: TEXT`.
//! - `/msg NAME TEXT` — only to NAME: `[private] FROM: TEXT`.
//! - `/who` — `* online: a, b`. `/quit` — leave.
//!
//! Server notices start with `* `, errors with `! `.
//!
//! Layout: [`Room`] (accounts and who is online), its [`Service`] impl,
//! `command` (one logged-in line), `login`.

use std::collections::{BTreeMap, HashMap};

use crate::service::{Id, Outbox, Service};

/// Failed logins after which the connection is closed.
pub const MAX_FAILURES: u8 = 3;
/// Longest nickname.
pub const MAX_NAME: usize = 16;

#[derive(Debug, Default)]
struct Client {
    name: Option<String>,
    failures: u8,
}

/// A chat room: accounts (name → password) and the connected clients.
#[derive(Debug, Default)]
pub struct Room {
    accounts: HashMap<String, String>,
    clients: BTreeMap<Id, Client>,
}

fn line(text: &str) -> Vec<u8> {
    format!("{text}\r\n").into_bytes()
}

/// A client's line as text the others may see: bytes that are not UTF-8
/// and control characters become `\u{FFFD}` (see [`chapter_02::shown`]).
fn printable(bytes: &[u8]) -> String {
    chapter_02::shown::printable(&String::from_utf8_lossy(bytes))
}

fn valid_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Room {
    /// An open room: any name may log in without a password.
    pub fn open() -> Self {
        Room::default()
    }

    /// A room only these `(name, password)` accounts may enter.
    pub fn with_accounts<'a>(accounts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let accounts = accounts
            .into_iter()
            .map(|(n, p)| (n.to_string(), p.to_string()));
        Room {
            accounts: accounts.collect(),
            clients: BTreeMap::new(),
        }
    }

    /// The connection of the logged-in user `name`.
    fn find(&self, name: &str) -> Option<Id> {
        (self.clients.iter())
            .find(|(_, c)| c.name.as_deref() == Some(name))
            .map(|(&id, _)| id)
    }

    /// Sends `text` to every logged-in client.
    fn broadcast(&self, text: &str, out: &mut Outbox) {
        for (&id, c) in &self.clients {
            if c.name.is_some() {
                out.send(id, line(text));
            }
        }
    }

    // ANCHOR: login
    fn login(&mut self, id: Id, args: &str, out: &mut Outbox) {
        let mut words = args.split_whitespace();
        let (name, password) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let allowed = if self.accounts.is_empty() {
            valid_name(name)
        } else {
            self.accounts.get(name).is_some_and(|p| p == password)
        };
        if !allowed || self.find(name).is_some() {
            let c = self.clients.entry(id).or_default();
            c.failures += 1;
            out.send(
                id,
                line("! login refused: wrong name or password, or name in use"),
            );
            if c.failures >= MAX_FAILURES {
                out.close.push(id);
            }
            return;
        }
        self.broadcast(&format!("* {name} joined"), out);
        self.clients.entry(id).or_default().name = Some(name.to_string());
        out.send(id, line(&format!("* welcome, {name}")));
    }
    // ANCHOR_END: login

    fn command(&mut self, id: Id, me: &str, text: &str, out: &mut Outbox) {
        let (cmd, rest) = text.split_once(' ').unwrap_or((text, ""));
        match cmd {
            "/msg" => {
                let (to, msg) = rest
                    .trim_start()
                    .split_once(' ')
                    .unwrap_or((rest.trim(), ""));
                match self.find(to) {
                    Some(peer) => {
                        out.send(peer, line(&format!("[private] {me}: {msg}")));
                        out.send(id, line(&format!("[to {to}] {msg}")));
                    }
                    None => out.send(id, line(&format!("! no user {to} online"))),
                }
            }
            "/who" => {
                let names: Vec<&str> = self
                    .clients
                    .values()
                    .filter_map(|c| c.name.as_deref())
                    .collect();
                out.send(id, line(&format!("* online: {}", names.join(", "))));
            }
            "/quit" => out.close.push(id),
            "/login" => out.send(id, line("! already logged in")),
            c if c.starts_with('/') => out.send(id, line(&format!("! unknown command {c}"))),
            _ => self.broadcast(&format!("{me}: {text}"), out),
        }
    }
}

impl Service for Room {
    fn open(&mut self, id: Id, out: &mut Outbox) {
        self.clients.insert(id, Client::default());
        out.send(id, line("* hello; log in with /login NAME PASSWORD"));
    }

    // ANCHOR: line
    fn line(&mut self, id: Id, bytes: &[u8], out: &mut Outbox) {
        let text = printable(bytes);
        let text = text.trim();
        let me = self.clients.get(&id).and_then(|c| c.name.clone());
        match (me, text.split_once(' ').map_or(text, |(c, _)| c)) {
            (_, "/quit") => out.close.push(id),
            (None, "/login") => self.login(id, text.trim_start_matches("/login"), out),
            (None, _) => out.send(id, line("! log in first: /login NAME PASSWORD")),
            (Some(_), _) if text.is_empty() => {}
            (Some(me), _) => self.command(id, &me, text, out),
        }
    }
    // ANCHOR_END: line

    fn close(&mut self, id: Id, out: &mut Outbox) {
        if let Some(Client {
            name: Some(name), ..
        }) = self.clients.remove(&id)
        {
            self.broadcast(&format!("* {name} left"), out);
        }
    }

    fn label(&self, id: Id) -> String {
        match self.clients.get(&id).and_then(|c| c.name.as_deref()) {
            Some(name) => format!("user {name}"),
            None => "not logged in".into(),
        }
    }
}
