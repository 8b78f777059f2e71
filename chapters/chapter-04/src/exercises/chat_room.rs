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

// The stub leaves some private items unused until you write the bodies.
#![allow(dead_code, unused_imports)]

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

// ANCHOR: stub
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
        // TODO: not logged in: `/login NAME PASSWORD` checks `accounts`
        // (`welcome NAME` and remember the name, or `login failed`); any
        // other line -> `login first`.
        // TODO: logged in: `/msg NAME TEXT` -> `[ME] TEXT` to NAME only, or
        // `no such user NAME` to the sender; anything else -> `ME: TEXT` to
        // every other logged-in client. Use the `to(id, text)` helper.
        let _ = (id, text);
        todo!("login, private messages, broadcast")
    }

    /// Client `id` disconnected.
    pub fn leave(&mut self, id: u32) -> Vec<Delivery> {
        // TODO: forget the client; if it was logged in, tell every other
        // logged-in client `NAME left`.
        let _ = id;
        todo!("leaving")
    }
}
// ANCHOR_END: stub
