//! Exercise `chat_room`: seed 000's "a simple chat application using UDP".
//! Reference solution: the texts are in the stub's module documentation.
//!
//! Layout: [`Outgoing`], [`ChatRoom`], [`MAX_MESSAGE`], [`MAX_MEMBERS`].

use std::net::SocketAddr;
use std::time::Duration;

/// Longest datagram relayed (bytes, line ending included).
pub const MAX_MESSAGE: usize = 512;
/// Most members; a join beyond it gets `* room is full`.
pub const MAX_MEMBERS: usize = 64;

/// One datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Where to.
    pub to: SocketAddr,
    /// What.
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Member {
    addr: SocketAddr,
    name: String,
    heard: Duration,
}

/// The room: its members (address, name, when last heard) in join order.
#[derive(Debug, Clone)]
pub struct ChatRoom {
    idle: Duration,
    members: Vec<Member>,
}

fn out(to: SocketAddr, text: impl AsRef<[u8]>) -> Outgoing {
    Outgoing {
        to,
        bytes: text.as_ref().to_vec(),
    }
}

fn valid_name(name: &str) -> bool {
    (1..=16).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl ChatRoom {
    /// An empty room whose members expire after `idle` of silence.
    pub fn new(idle: Duration) -> Self {
        ChatRoom {
            idle,
            members: Vec::new(),
        }
    }

    /// The members' names, in join order.
    pub fn members(&self) -> Vec<String> {
        self.members.iter().map(|m| m.name.clone()).collect()
    }

    fn member(&self, addr: SocketAddr) -> Option<usize> {
        self.members.iter().position(|m| m.addr == addr)
    }

    /// `text` to every member but the one at `except`.
    fn to_others(&self, except: SocketAddr, text: &[u8]) -> Vec<Outgoing> {
        self.members
            .iter()
            .filter(|m| m.addr != except)
            .map(|m| out(m.addr, text))
            .collect()
    }

    /// Handles one datagram from `from` at time `now`; returns what to send.
    pub fn on_datagram(
        &mut self,
        from: SocketAddr,
        datagram: &[u8],
        now: Duration,
    ) -> Vec<Outgoing> {
        let line = datagram.strip_suffix(b"\n").unwrap_or(datagram);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let me = self.member(from);
        if let Some(i) = me {
            self.members[i].heard = now;
        }
        if let Some(name) = line.strip_prefix(b"/join ") {
            return self.join(from, &String::from_utf8_lossy(name), now);
        }
        let Some(i) = me else {
            return vec![out(from, "* join first: /join NAME")];
        };
        let name = self.members[i].name.clone();
        if line == b"/leave" {
            self.members.remove(i);
            let mut sends = vec![out(from, format!("* bye {name}"))];
            sends.extend(self.to_others(from, format!("* {name} left").as_bytes()));
            return sends;
        }
        if datagram.len() > MAX_MESSAGE {
            return vec![out(from, "* too long")];
        }
        let mut text = format!("{name}: ").into_bytes();
        text.extend_from_slice(line);
        self.to_others(from, &text)
    }

    fn join(&mut self, from: SocketAddr, name: &str, now: Duration) -> Vec<Outgoing> {
        if let Some(i) = self.member(from) {
            return vec![out(from, format!("* you are {}", self.members[i].name))];
        }
        if !valid_name(name) {
            return vec![out(from, "* bad name")];
        }
        if self.members.iter().any(|m| m.name == name) {
            return vec![out(from, format!("* {name} is taken"))];
        }
        if self.members.len() >= MAX_MEMBERS {
            return vec![out(from, "* room is full")];
        }
        self.members.push(Member {
            addr: from,
            name: name.to_string(),
            heard: now,
        });
        let mut sends = vec![out(
            from,
            format!("* welcome {name}, {} here", self.members.len()),
        )];
        sends.extend(self.to_others(from, format!("* {name} joined").as_bytes()));
        sends
    }

    /// Removes the members silent for `idle` or longer and tells the others.
    pub fn expire(&mut self, now: Duration) -> Vec<Outgoing> {
        let idle = self.idle;
        let (gone, kept): (Vec<Member>, Vec<Member>) = self
            .members
            .drain(..)
            .partition(|m| now.saturating_sub(m.heard) >= idle);
        self.members = kept;
        let mut sends = Vec::new();
        for g in &gone {
            let text = format!("* {} timed out", g.name);
            sends.extend(self.members.iter().map(|m| out(m.addr, &text)));
        }
        sends
    }
}
