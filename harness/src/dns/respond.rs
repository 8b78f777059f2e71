//! What the fake DNS server sends back for one query (sans-I/O).
//!
//! [`respond`] maps a query's bytes, the transport it came over and the
//! fault to apply into the messages to send: none (dropped, or not a
//! query), one (the answer), or two (`wrong-id`: a decoy, then the answer).
//! Over UDP no message is ever longer than [`UDP_MAX`]: a big answer is
//! sent truncated (TC), and a question too long to echo in one is FORMERR.
//!
//! Layout: [`Fault`], [`Transport`], [`respond`], [`summary`].

use super::wire::{BadQuery, Query, ReplyWriter, Rr, bare_reply, parse_query};
use super::zone::Zone;

/// Largest reply over UDP without EDNS (RFC 1035 §4.2.1).
pub const UDP_MAX: usize = 512;

/// How to misbehave for one query (see `fixtures/dns/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// No reply.
    Drop,
    /// A reply with another id first, then the right one.
    WrongId,
    /// Header and question only, TC set.
    Truncate,
    /// An answer whose owner name is a pointer to itself.
    PointerLoop,
}

impl Fault {
    /// The fault named `name` in a fault plan (`drop`, `wrong-id`, ...).
    pub fn from_name(name: &str) -> Option<Fault> {
        match name.trim() {
            "drop" => Some(Fault::Drop),
            "wrong-id" => Some(Fault::WrongId),
            "truncate" => Some(Fault::Truncate),
            "pointer-loop" => Some(Fault::PointerLoop),
            _ => None,
        }
    }
}

/// How the query arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// A datagram: answers over 512 bytes are truncated.
    Udp,
    /// A TCP stream: any size.
    Tcp,
}

/// Flags of a reply: QR, AA, RD echoed, and the rcode.
fn reply_flags(query_flags: u16, tc: bool, rcode: u16) -> u16 {
    0x8000 | 0x0400 | (query_flags & 0x0100) | if tc { 0x0200 } else { 0 } | rcode
}

/// The messages to send for `msg`, arrived over `transport`, under `fault`.
pub fn respond(
    zone: &Zone,
    msg: &[u8],
    transport: Transport,
    fault: Option<Fault>,
) -> Vec<Vec<u8>> {
    let q = match parse_query(msg) {
        Ok(q) => q,
        Err(BadQuery::FormErr(id)) => return vec![bare_reply(id, 0x8000 | 1)],
        Err(_) => return Vec::new(),
    };
    if fault == Some(Fault::Drop) {
        return Vec::new();
    }
    if q.qclass != 1 {
        return vec![bare_reply(q.id, reply_flags(q.flags, false, 4))]; // NOTIMP
    }
    let answer = zone.answer(&q.name, q.qtype);
    let full = build(&q, q.id, false, answer.rcode, &answer.records);
    let reply = match fault {
        Some(Fault::Truncate) => build(&q, q.id, true, answer.rcode, &[]),
        Some(Fault::PointerLoop) => pointer_loop(&q),
        _ if transport == Transport::Udp && full.len() > UDP_MAX => {
            build(&q, q.id, true, answer.rcode, &[])
        }
        _ => full,
    };
    match fault {
        Some(Fault::WrongId) => vec![build(&q, q.id ^ 0x5555, false, 0, &[]), reply],
        _ => vec![reply],
    }
}

fn build(q: &Query, id: u16, tc: bool, rcode: u16, records: &[Rr]) -> Vec<u8> {
    let mut w = ReplyWriter::new(id, reply_flags(q.flags, tc, rcode), q, records.len() as u16);
    for rr in records {
        w.record(rr);
    }
    w.finish()
}

/// One answer whose owner name is a pointer to its own offset.
fn pointer_loop(q: &Query) -> Vec<u8> {
    let mut out = build(q, q.id, false, 0, &[]);
    out[7] = 1; // ancount = 1
    let at = out.len() as u16;
    out.extend_from_slice(&(0xc000 | at).to_be_bytes());
    // Type A, class IN, TTL 0, 4 bytes of data: a record a parser reaches
    // only if it survives the name.
    out.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1]);
    out
}

/// A one-line description of a query for the transcript.
pub fn summary(msg: &[u8]) -> String {
    match parse_query(msg) {
        Ok(q) => format!("query id={:#06x} {} type {}", q.id, q.name, q.qtype),
        Err(e) => format!("not a readable query: {e:?}"),
    }
}
