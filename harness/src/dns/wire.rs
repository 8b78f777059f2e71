//! The fake server's own small DNS codec: read a query, write a reply.
//!
//! Deliberately independent of chapter 1's parser (a fake peer that shared
//! the code under test would agree with its bugs). It reads only what a
//! server needs (the header and the one question) and writes replies with
//! name compression (RFC 1035 §4.1.4), so every client that talks to it
//! must handle pointers.
//!
//! Layout: [`Query`] and [`parse_query`]; [`Rr`], [`ReplyWriter`].

use std::collections::HashMap;

/// The header fields and the question of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The id to echo.
    pub id: u16,
    /// The flags word as sent (RD is echoed, the opcode checked).
    pub flags: u16,
    /// The question name, lower-cased, dotted, no final dot.
    pub name: String,
    /// The question type.
    pub qtype: u16,
    /// The question class.
    pub qclass: u16,
    /// The question's bytes as sent (echoed in the reply, case kept).
    pub question: Vec<u8>,
}

/// Why a datagram is not a query we can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadQuery {
    /// Too short, or a name that runs off the end: no reply at all.
    Unreadable,
    /// A response, not a query: ignore it.
    NotAQuery,
    /// Readable, but not one plain question: reply FORMERR with this id.
    FormErr(u16),
}

/// Longest name on the wire, length bytes and the final zero included
/// (RFC 1035 §2.3.4).
pub const MAX_NAME: usize = 255;

/// Reads a query: header and exactly one uncompressed question, whose
/// name is at most [`MAX_NAME`] bytes (a longer one is FORMERR: echoing it
/// would make even an empty reply too big for UDP).
pub fn parse_query(msg: &[u8]) -> Result<Query, BadQuery> {
    let word = |i: usize| msg.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let (id, flags) = (
        word(0).ok_or(BadQuery::Unreadable)?,
        word(2).ok_or(BadQuery::Unreadable)?,
    );
    if flags & 0x8000 != 0 {
        return Err(BadQuery::NotAQuery);
    }
    if word(4) != Some(1) || (flags >> 11) & 0xf != 0 {
        return Err(BadQuery::FormErr(id));
    }
    let (mut pos, mut labels) = (12usize, Vec::new());
    loop {
        let len = usize::from(*msg.get(pos).ok_or(BadQuery::FormErr(id))?);
        if len == 0 {
            break;
        }
        if len > 63
            || labels.len() > 127
            || msg[pos + 1..].get(..len).is_some_and(|l| l.contains(&b'.'))
        {
            return Err(BadQuery::FormErr(id)); // a pointer in a question: we do not expect one
        }
        let label = msg
            .get(pos + 1..pos + 1 + len)
            .ok_or(BadQuery::FormErr(id))?;
        labels.push(String::from_utf8_lossy(label).to_ascii_lowercase());
        pos += 1 + len;
        if pos + 1 - 12 > MAX_NAME {
            return Err(BadQuery::FormErr(id));
        }
    }
    let end = pos + 5;
    let (qtype, qclass) = (
        word(pos + 1).ok_or(BadQuery::FormErr(id))?,
        word(pos + 3).ok_or(BadQuery::FormErr(id))?,
    );
    Ok(Query {
        id,
        flags,
        name: labels.join("."),
        qtype,
        qclass,
        question: msg[12..end].to_vec(),
    })
}

/// One record to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rr {
    /// Owner name.
    pub name: String,
    /// Type number.
    pub rtype: u16,
    /// Time to live.
    pub ttl: u32,
    /// The data: raw bytes (A, AAAA) or a name (CNAME, PTR; compressed).
    pub data: RrData,
}

/// Record data as the writer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RrData {
    /// Bytes written as they are.
    Bytes(Vec<u8>),
    /// A domain name, written with compression.
    Name(String),
}

/// Builds a reply message, compressing names against earlier ones.
#[derive(Debug, Default)]
pub struct ReplyWriter {
    out: Vec<u8>,
    /// Offsets of name suffixes already written (lower-case text → offset).
    seen: HashMap<String, u16>,
}

impl ReplyWriter {
    /// Starts a reply: header with `flags`/counts, then the echoed question
    /// (whose name, at offset 12, later names may point to).
    pub fn new(id: u16, flags: u16, q: &Query, answers: u16) -> Self {
        let mut w = ReplyWriter::default();
        for word in [id, flags, 1, answers, 0, 0] {
            w.out.extend_from_slice(&word.to_be_bytes());
        }
        w.remember(&q.name, 12, 0);
        w.out.extend_from_slice(&q.question);
        w
    }

    /// Notes where each suffix of `name` written at `at` starts, for the
    /// labels before the last `tail_len` bytes (those were a pointer).
    fn remember(&mut self, name: &str, mut at: usize, tail_len: usize) {
        let mut rest = name;
        // Pointers have 14 bits: a suffix past 0x3fff cannot be pointed to.
        while rest.len() > tail_len && at < 0x3fff {
            self.seen
                .entry(rest.to_ascii_lowercase())
                .or_insert(at as u16);
            let (label, tail) = rest.split_once('.').unwrap_or((rest, ""));
            at += 1 + label.len();
            rest = tail;
        }
    }

    /// Writes `name`, ending in a pointer at the longest suffix seen before.
    fn name(&mut self, name: &str) {
        let name = name.trim_end_matches('.');
        let start = self.out.len();
        let mut rest = name;
        while !rest.is_empty() {
            if let Some(&at) = self.seen.get(&rest.to_ascii_lowercase()) {
                self.out.extend_from_slice(&(0xc000 | at).to_be_bytes());
                break;
            }
            let (label, tail) = rest.split_once('.').unwrap_or((rest, ""));
            self.out.push(label.len() as u8);
            self.out.extend_from_slice(label.as_bytes());
            rest = tail;
        }
        if rest.is_empty() {
            self.out.push(0);
        }
        self.remember(name, start, rest.len());
    }

    /// Appends one record.
    pub fn record(&mut self, rr: &Rr) {
        self.name(&rr.name);
        self.out.extend_from_slice(&rr.rtype.to_be_bytes());
        self.out.extend_from_slice(&1u16.to_be_bytes());
        self.out.extend_from_slice(&rr.ttl.to_be_bytes());
        let len_at = self.out.len();
        self.out.extend_from_slice(&[0, 0]);
        match &rr.data {
            RrData::Bytes(b) => self.out.extend_from_slice(b),
            RrData::Name(n) => self.name(n),
        }
        let len = (self.out.len() - len_at - 2) as u16;
        self.out[len_at..len_at + 2].copy_from_slice(&len.to_be_bytes());
    }

    /// The finished message.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// A header-only reply (FORMERR, NOTIMP): id, flags, no sections.
pub fn bare_reply(id: u16, flags: u16) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    for word in [id, flags, 0, 0, 0, 0] {
        out.extend_from_slice(&word.to_be_bytes());
    }
    out
}
