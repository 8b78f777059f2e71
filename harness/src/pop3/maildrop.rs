//! A maildrop as one POP3 session sees it: the messages of one mailbox of
//! a [`MailStore`], numbered from 1, each with a size, a unique-id and a
//! deletion mark (RFC 1939 §5–§7).
//!
//! Unique-ids must stay the same across sessions and never be reused for
//! another message in the maildrop: ours are the file's number plus the
//! first bytes of the message's MD5, so a new file that reuses a number
//! of a deleted one still gets a new id.
//!
//! Sending a message is dot-stuffing ([`crate::mail::dot`]), shared with
//! the SMTP side.
//!
//! # Layout
//! [`Message`], [`Maildrop`] (load, lookups, marks).

use std::path::PathBuf;

use md5::{Digest, Md5};

use crate::mail::MailStore;

/// One message of a maildrop.
#[derive(Debug, Clone)]
pub struct Message {
    /// The file it came from.
    pub path: PathBuf,
    /// Its bytes, as stored (CRLF line ends).
    pub bytes: Vec<u8>,
    /// Its unique-id (UIDL).
    pub uid: String,
    /// Marked by DELE in this session.
    pub deleted: bool,
}

/// The messages of one session.
#[derive(Debug, Clone, Default)]
pub struct Maildrop {
    /// In order: message `n` is `messages[n - 1]`.
    pub messages: Vec<Message>,
}

impl Maildrop {
    /// The mailbox `user` of `store`, without the files in `gone`.
    pub fn load(store: &MailStore, user: &str, gone: &[PathBuf]) -> std::io::Result<Self> {
        let mut messages = Vec::new();
        for (path, bytes) in store.messages(user)? {
            if gone.contains(&path) {
                continue;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hash: String = Md5::digest(&bytes)[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            messages.push(Message {
                path,
                bytes,
                uid: format!("{stem}-{hash}"),
                deleted: false,
            });
        }
        Ok(Maildrop { messages })
    }

    /// Message `n` if it exists and is not marked deleted.
    pub fn get(&self, n: usize) -> Option<&Message> {
        n.checked_sub(1)
            .and_then(|i| self.messages.get(i))
            .filter(|m| !m.deleted)
    }

    /// The live messages with their numbers.
    pub fn live(&self) -> impl Iterator<Item = (usize, &Message)> {
        self.messages
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.deleted)
            .map(|(i, m)| (i + 1, m))
    }

    /// Marks `n`; false if there is no such live message.
    pub fn mark(&mut self, n: usize) -> bool {
        match n.checked_sub(1).and_then(|i| self.messages.get_mut(i)) {
            Some(m) if !m.deleted => {
                m.deleted = true;
                true
            }
            _ => false,
        }
    }

    /// Unmarks everything (RSET).
    pub fn reset(&mut self) {
        for m in &mut self.messages {
            m.deleted = false;
        }
    }

    /// The paths of the marked messages.
    pub fn marked(&self) -> Vec<PathBuf> {
        self.messages
            .iter()
            .filter(|m| m.deleted)
            .map(|m| m.path.clone())
            .collect()
    }
}
