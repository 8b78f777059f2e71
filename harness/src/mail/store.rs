//! The mail store: where the fake SMTP server delivers and the fake POP3
//! server (chapter 8) reads.
//!
//! On disk (the layout of `fixtures/mail/` too, described in its README):
//! `<root>/<mailbox>/<NNNN>.eml`, one file per message, numbered from 0001
//! in arrival order, holding the message exactly as the client sent it
//! after dot-unstuffing (CRLF line ends, no terminating `.` line, no trace
//! headers added), so a round trip through SMTP and POP3 is byte-identical.
//!
//! # Layout
//! [`MailStore`]: delivering a message, listing a mailbox's messages.

use std::io;
use std::path::{Path, PathBuf};

/// A directory of mailboxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailStore {
    root: PathBuf,
}

impl MailStore {
    /// The store rooted at `root` (created when the first message arrives).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        MailStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Saves `message` as the next file of `mailbox`; returns its path.
    /// `create_new` means two deliveries racing for one number cannot
    /// overwrite each other: the loser takes the next number.
    pub fn deliver(&self, mailbox: &str, message: &[u8]) -> io::Result<PathBuf> {
        use std::io::Write;
        let dir = self.root.join(mailbox);
        std::fs::create_dir_all(&dir)?;
        let mut n = self.numbers(mailbox)?.last().copied().unwrap_or(0) + 1;
        // Bounded: each failed attempt moves past one existing number.
        for _ in 0..10_000 {
            let path = dir.join(format!("{n:04}.eml"));
            match std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    f.write_all(message)?;
                    return Ok(path);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => n += 1,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other(format!("mailbox {mailbox} is full")))
    }

    /// The message numbers present in `mailbox`, ascending.
    fn numbers(&self, mailbox: &str) -> io::Result<Vec<u32>> {
        let dir = self.root.join(mailbox);
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            if let Some(n) = name.strip_suffix(".eml").and_then(|s| s.parse().ok()) {
                out.push(n);
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// The messages of `mailbox` in order: (path, bytes).
    pub fn messages(&self, mailbox: &str) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
        let dir = self.root.join(mailbox);
        self.numbers(mailbox)?
            .into_iter()
            .map(|n| {
                let path = dir.join(format!("{n:04}.eml"));
                std::fs::read(&path).map(|bytes| (path, bytes))
            })
            .collect()
    }
}
