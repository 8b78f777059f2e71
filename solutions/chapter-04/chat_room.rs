//! Exercise `chat_room`: broadcast, private messages and a login, sans-I/O.
//!
//! 000's chat server sends every line to every client. Its "Try It
//! Yourself" items add private messages and user authentication. Here the
//! room is a plain struct: the event loop calls [`ChatRoom::join`],
//! [`ChatRoom::line`] and [`ChatRoom::leave`] and delivers the returned
//! [`Delivery`]s; nothing here touches a socket.
//!
//! The protocol (texts exactly as shown; no line endings in `text`):
//! - before logging in, only `/login NAME PASSWORD` is accepted. A known name
//!   with its password gets `welcome NAME`; anything else gets
//!   `login failed`; any other line gets `login first`.
//! - after logging in, `/msg NAME TEXT` sends `[FROM] TEXT` to NAME only
//!   (or `no such user NAME` back to the sender if NAME is not logged in);
//! - any other line goes to every *other* logged-in client as `FROM: LINE`.
//! - [`ChatRoom::leave`] tells the other logged-in clients `NAME left`.
//!
//! Layout: [`Delivery`], [`ChatRoom`].

use std::collections::{BTreeMap, HashMap};

/// One line of text for one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The receiving client.
    pub to: u32,
    /// The text (no end of line).
    pub text: String,
}

fn to(to: u32, text: impl Into<String>) -> Delivery {
    Delivery {
        to,
        text: text.into(),
    }
}

/// Accounts and connected clients (`None`: not logged in yet).
#[derive(Debug, Clone, Default)]
pub struct ChatRoom {
    accounts: HashMap<String, String>,
    clients: BTreeMap<u32, Option<String>>,
}

// ANCHOR: solution
impl ChatRoom {
    /// A room with these `(name, password)` accounts.
    pub fn new(accounts: &[(&str, &str)]) -> Self {
        let accounts = accounts
            .iter()
            .map(|(n, p)| (n.to_string(), p.to_string()))
            .collect();
        ChatRoom {
            accounts,
            clients: BTreeMap::new(),
        }
    }

    /// Client `id` connected (not logged in).
    pub fn join(&mut self, id: u32) {
        self.clients.insert(id, None);
    }

    /// Client `id` sent `text`.
    pub fn line(&mut self, id: u32, text: &str) -> Vec<Delivery> {
        let Some(me) = self.clients.get(&id).cloned() else {
            return Vec::new();
        };
        let Some(me) = me else {
            return self.login(id, text);
        };
        if let Some(rest) = text.strip_prefix("/msg ") {
            let (name, msg) = rest.split_once(' ').unwrap_or((rest, ""));
            return match self.find(name) {
                Some(peer) => vec![to(peer, format!("[{me}] {msg}"))],
                None => vec![to(id, format!("no such user {name}"))],
            };
        }
        self.others(id, &format!("{me}: {text}"))
    }

    /// Client `id` disconnected.
    pub fn leave(&mut self, id: u32) -> Vec<Delivery> {
        match self.clients.remove(&id) {
            Some(Some(name)) => self.others(id, &format!("{name} left")),
            _ => Vec::new(),
        }
    }

    fn login(&mut self, id: u32, text: &str) -> Vec<Delivery> {
        let mut words = text.split(' ');
        if words.next() != Some("/login") {
            return vec![to(id, "login first")];
        }
        let (name, password) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        if self.accounts.get(name).is_none_or(|p| p != password) {
            return vec![to(id, "login failed")];
        }
        self.clients.insert(id, Some(name.to_string()));
        vec![to(id, format!("welcome {name}"))]
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.clients
            .iter()
            .find(|(_, n)| n.as_deref() == Some(name))
            .map(|(&id, _)| id)
    }

    fn others(&self, id: u32, text: &str) -> Vec<Delivery> {
        (self.clients.iter())
            .filter(|&(&other, name)| other != id && name.is_some())
            .map(|(&other, _)| to(other, text))
            .collect()
    }
}
// ANCHOR_END: solution
