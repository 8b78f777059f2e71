//! The replies of STAT, LIST, UIDL and CAPA as values.
//!
//! STAT answers `+OK count size`; LIST's data lines are `msg size`, UIDL's
//! `msg unique-id` (RFC 1939 §5, §7); CAPA's lines are capability names
//! with optional arguments (RFC 2449). Deleted messages are left out by
//! the server, so message numbers may have gaps.
//!
//! Layout: [`Stat`], [`parse_stat`], [`parse_pairs`], [`Capabilities`].

use super::Pop3Error;

/// Longest unique-id (RFC 1939 §7: 1 to 70 characters).
pub const MAX_UID: usize = 70;

/// The maildrop as STAT describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Messages not marked as deleted.
    pub count: u32,
    /// Their total size in octets.
    pub size: u64,
}

/// Parses STAT's status text (`2 320`; servers may add more after it).
pub fn parse_stat(text: &str) -> Result<Stat, Pop3Error> {
    let mut words = text.split_whitespace();
    let bad = || Pop3Error::Protocol(format!("bad STAT reply {text:?}"));
    let count = words.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
    let size = words.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
    Ok(Stat { count, size })
}

/// Parses `msg value` lines (LIST, UIDL) from a multi-line reply's data,
/// checking each value with `check`.
pub fn parse_pairs<T>(
    data: &[u8],
    what: &str,
    check: impl Fn(&str) -> Option<T>,
) -> Result<Vec<(u32, T)>, Pop3Error> {
    let text = String::from_utf8_lossy(data);
    let mut out = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let pair = words
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .zip(words.next().and_then(&check));
        match pair {
            Some(p) => out.push(p),
            None => return Err(Pop3Error::Protocol(format!("bad {what} line {line:?}"))),
        }
    }
    Ok(out)
}

/// A size in LIST.
pub fn size(word: &str) -> Option<u64> {
    word.parse().ok()
}

/// A unique-id in UIDL: 1..=70 printable characters (0x21–0x7E).
pub fn uid(word: &str) -> Option<String> {
    let ok =
        (1..=MAX_UID).contains(&word.len()) && word.bytes().all(|b| (0x21..=0x7e).contains(&b));
    ok.then(|| word.to_string())
}

// ANCHOR: capabilities
/// What a server said it can do (RFC 2449). A server that does not know
/// CAPA gets [`Capabilities::unknown`]: every optional command is worth a
/// try, and its `-ERR` is the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether the server answered CAPA at all.
    pub known: bool,
    /// The capability names, upper case (`TOP`, `UIDL`, `USER`, `SASL`…).
    pub names: Vec<String>,
}

impl Capabilities {
    /// For a server without CAPA.
    pub fn unknown() -> Self {
        Capabilities {
            known: false,
            names: Vec::new(),
        }
    }

    /// From CAPA's data lines.
    pub fn parse(data: &[u8]) -> Self {
        let text = String::from_utf8_lossy(data);
        let names = text
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_ascii_uppercase)
            .collect();
        Capabilities { known: true, names }
    }

    /// Whether `name` may work: listed, or CAPA was not understood.
    pub fn may(&self, name: &str) -> bool {
        !self.known || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}
// ANCHOR_END: capabilities
