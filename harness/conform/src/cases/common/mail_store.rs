//! A mail server case's store, read back in either layout of
//! `fixtures/mail/README.md`: the workbook's numbered files
//! `<store>/<mailbox>/<NNNN>.eml`, or a Maildir `<store>/<mailbox>/new/`
//! and `cur/` (what Dovecot, Postfix's `virtual` and aiosmtpd's Mailbox
//! handler write), so a real server passes as it is configured.
//!
//! A Maildir copy may differ from the message as sent in two ways real
//! servers do: trace fields put in front (`Return-Path:`, `Received:`,
//! `Delivered-To:`, RFC 5321 §4.4) and bare LF line ends (the Maildir
//! convention); [`same_message`] accepts both there, never in the
//! numbered layout (the workbook's own, which keeps the bytes exactly).

use std::path::{Path, PathBuf};

/// Which layout a copy was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `<mailbox>/<NNNN>.eml`.
    Numbered,
    /// `<mailbox>/new/<name>` or `<mailbox>/cur/<name>`.
    Maildir,
}

/// Most files looked at in one Maildir folder (bounds the listing).
const MAX_FILES: usize = 100;

/// The first copy in `mailbox`: `0001.eml`, else the first Maildir file
/// (by name) in `new/`, then `cur/`; its path relative to `store`.
pub(crate) fn first_copy(store: &Path, mailbox: &str) -> Option<(PathBuf, Layout)> {
    let numbered = Path::new(mailbox).join("0001.eml");
    if store.join(&numbered).is_file() {
        return Some((numbered, Layout::Numbered));
    }
    for folder in ["new", "cur"] {
        let dir = Path::new(mailbox).join(folder);
        let Ok(entries) = std::fs::read_dir(store.join(&dir)) else {
            continue;
        };
        let mut names: Vec<_> = entries
            .take(MAX_FILES)
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name())
            .collect();
        names.sort();
        if let Some(name) = names.first() {
            return Some((dir.join(name), Layout::Maildir));
        }
    }
    None
}

/// Whether `got`, found in `layout`, is the message `want` (CRLF lines).
pub(crate) fn same_message(got: &[u8], want: &str, layout: Layout) -> bool {
    if got == want.as_bytes() {
        return true;
    }
    if layout == Layout::Numbered {
        return false;
    }
    let text = String::from_utf8_lossy(got).replace("\r\n", "\n");
    without_trace(&text) == want.replace("\r\n", "\n")
}

/// `message` (LF lines) without the trace fields a delivery puts first.
fn without_trace(message: &str) -> &str {
    const TRACE: [&str; 3] = ["return-path:", "received:", "delivered-to:"];
    let mut rest = message;
    // Bounded by the message: each pass removes one line.
    loop {
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        let lower = line.to_ascii_lowercase();
        let trace = TRACE.iter().any(|t| lower.starts_with(t));
        let continued = line.starts_with([' ', '\t']) && rest.len() < message.len();
        if line.is_empty() || !(trace || continued) {
            return rest;
        }
        rest = &rest[line_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::{Layout, first_copy, same_message};

    const WANT: &str = "Subject: x\r\n\r\n.dot\r\n";

    #[test]
    fn numbered_copies_are_exact_and_maildir_ones_may_carry_trace_and_lf() {
        assert!(same_message(WANT.as_bytes(), WANT, Layout::Numbered));
        assert!(!same_message(
            b"Subject: x\n\n.dot\n",
            WANT,
            Layout::Numbered
        ));
        let delivered =
            "Return-Path: <puck@fairy.example>\nReceived: from a\n\tby b\nSubject: x\n\n.dot\n";
        assert!(same_message(delivered.as_bytes(), WANT, Layout::Maildir));
        assert!(!same_message(
            b"Subject: y\n\n.dot\n",
            WANT,
            Layout::Maildir
        ));
    }

    #[test]
    fn a_maildir_copy_is_found_when_there_is_no_numbered_one() {
        let store = tempfile::tempdir().unwrap();
        let new = store.path().join("oberon/new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::create_dir_all(store.path().join("oberon/cur")).unwrap();
        std::fs::write(
            new.join("1700000000.M1P2.host"),
            "Delivered-To: oberon\nSubject: x\n\n.dot\n",
        )
        .unwrap();
        let (path, layout) = first_copy(store.path(), "oberon").unwrap();
        assert_eq!(layout, Layout::Maildir);
        let got = std::fs::read(store.path().join(path)).unwrap();
        assert!(same_message(&got, WANT, layout));
        assert_eq!(first_copy(store.path(), "bottom"), None);
        std::fs::write(store.path().join("oberon/0001.eml"), WANT).unwrap();
        assert_eq!(
            first_copy(store.path(), "oberon").unwrap().1,
            Layout::Numbered
        );
    }
}
