//! DNS on the wire (RFC 1035), sans-I/O: build a query, parse a reply.
//!
//! A DNS message is a 12-byte header, then four sections: the questions, the
//! answers, the authority records and the additional records. Names are
//! sequences of length-prefixed labels ending in a zero byte, and to save
//! room a name may end in a *pointer* (two bytes, top bits `11`) to a name
//! earlier in the message: this is "name compression" (RFC 1035 §4.1.4).
//!
//! Nothing here touches a socket: [`build_query`] returns bytes and
//! [`Message::parse`] takes bytes, so every rule can be tested with golden
//! packets. The I/O lives in [`client`]; the chase from a reply to
//! (canonical name, aliases, addresses) lives in [`resolve`].
//!
//! Layout:
//! - this file: [`RecordType`], [`Rcode`], [`Header`], [`Question`], [`reverse_name`],
//!   [`Record`], [`RData`], [`Message`], [`WireError`], [`build_query`].
//! - [`name`]: encoding names and reading (compressed) names safely.
//! - [`parse`]: reading a whole message.
//! - [`resolve`]: [`HostInfo`](resolve::HostInfo), CNAME chasing, and the
//!   sans-I/O [`Exchange`](resolve::Exchange) (retries, ids, TCP fallback).
//! - [`client`]: the UDP/TCP driver of an exchange against a real server.
//! - [`show`]: how `dns_test` prints a lookup (and the `dns-client` line format).

pub mod client;
pub mod name;
pub mod parse;
pub mod resolve;
pub mod show;

use std::net::{Ipv4Addr, Ipv6Addr};

pub use name::encode_name;

/// Largest DNS message over plain UDP (RFC 1035 §4.2.1); a longer answer
/// comes back cut, with the TC bit set, and must be asked again over TCP.
pub const UDP_MAX: usize = 512;
/// Largest DNS message over TCP: its length prefix is 16 bits (§4.2.2).
pub const TCP_MAX: usize = 65_535;

/// Record types this chapter understands (RFC 1035 §3.2.2, RFC 3596).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// An IPv4 address.
    A,
    /// The canonical name of an alias.
    Cname,
    /// A name for an address (reverse lookups under `in-addr.arpa`).
    Ptr,
    /// An IPv6 address.
    Aaaa,
    /// Any other type, by number (kept, not interpreted).
    Other(u16),
}

impl RecordType {
    /// The type's number on the wire.
    pub fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Cname => 5,
            RecordType::Ptr => 12,
            RecordType::Aaaa => 28,
            RecordType::Other(n) => n,
        }
    }

    /// The type with number `code`.
    pub fn from_code(code: u16) -> Self {
        match code {
            1 => RecordType::A,
            5 => RecordType::Cname,
            12 => RecordType::Ptr,
            28 => RecordType::Aaaa,
            n => RecordType::Other(n),
        }
    }
}

/// The class of every record we ask for: IN, the Internet (RFC 1035 §3.2.4).
pub const CLASS_IN: u16 = 1;

/// The response code in the header's low four bits (RFC 1035 §4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    /// No error.
    NoError,
    /// The server could not understand the query.
    FormErr,
    /// The server failed.
    ServFail,
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The server does not do that kind of query.
    NotImp,
    /// The server refuses to answer.
    Refused,
    /// Any other code.
    Other(u8),
}

impl Rcode {
    /// The code with number `n` (0..=15).
    pub fn from_code(n: u8) -> Self {
        match n {
            0 => Rcode::NoError,
            1 => Rcode::FormErr,
            2 => Rcode::ServFail,
            3 => Rcode::NxDomain,
            4 => Rcode::NotImp,
            5 => Rcode::Refused,
            n => Rcode::Other(n),
        }
    }
}

/// The fixed 12-byte header of every message (RFC 1035 §4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Chosen by the asker; a reply carries the same id.
    pub id: u16,
    /// QR: this message is a response.
    pub response: bool,
    /// AA: the answer comes from a server with authority for the name.
    pub authoritative: bool,
    /// TC: the message was cut to fit a UDP datagram.
    pub truncated: bool,
    /// RD: please follow the chain of servers for me.
    pub recursion_desired: bool,
    /// RA: the server does recursion.
    pub recursion_available: bool,
    /// The response code.
    pub rcode: Rcode,
}

/// One question: a name, a type and a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The name asked about, as dotted text without the final dot.
    pub name: String,
    /// The record type asked for.
    pub qtype: RecordType,
    /// The class (1 = IN).
    pub qclass: u16,
}

/// The data of a record, interpreted for the types we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// The canonical name the owner is an alias of.
    Cname(String),
    /// A host name (reverse lookups).
    Ptr(String),
    /// Any other type's bytes, uninterpreted.
    Other(Vec<u8>),
}

/// One resource record (RFC 1035 §4.1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The owner name, as dotted text without the final dot.
    pub name: String,
    /// The record type.
    pub rtype: RecordType,
    /// The class (1 = IN).
    pub class: u16,
    /// Seconds the record may be cached.
    pub ttl: u32,
    /// The data.
    pub data: RData,
}

/// A parsed DNS message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The header.
    pub header: Header,
    /// The question section.
    pub questions: Vec<Question>,
    /// The answer section.
    pub answers: Vec<Record>,
    /// The authority section (read so the parser walks the whole message).
    pub authority: Vec<Record>,
    /// The additional section.
    pub additional: Vec<Record>,
}

/// Why bytes are not a well-formed DNS message (or a name cannot be sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// The message ended inside a field.
    #[error("the message ends at byte {0}, inside a field")]
    Truncated(usize),
    /// A compression pointer does not point strictly backwards (a loop).
    #[error("compression pointer at byte {at} points to {to}, not before it (a loop)")]
    PointerLoop {
        /// Where the pointer is.
        at: usize,
        /// Where it points.
        to: usize,
    },
    /// A label length byte uses the reserved top bits `01` or `10`.
    #[error("byte {0}: a label length with reserved top bits")]
    BadLabel(usize),
    /// A name longer than 255 bytes on the wire (RFC 1035 §2.3.4).
    #[error("a name longer than 255 bytes")]
    NameTooLong,
    /// A label longer than 63 bytes, or empty inside a name.
    #[error("label {0:?} is empty or longer than 63 bytes")]
    BadLabelText(String),
    /// A record's data does not have the length its type needs.
    #[error("a {rtype:?} record with {len} bytes of data")]
    BadRdata {
        /// The type.
        rtype: RecordType,
        /// Its data length.
        len: usize,
    },
    /// Bytes left over after the last section.
    #[error("{0} bytes after the end of the message")]
    TrailingBytes(usize),
}

// ANCHOR: build_query
/// The bytes of a query for `name`/`qtype` with id `id`, asking the server
/// to recurse (RD set) — what a stub resolver sends (RFC 1035 §4.1).
pub fn build_query(id: u16, name: &str, qtype: RecordType) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(32 + name.len());
    out.extend_from_slice(&id.to_be_bytes());
    // Flags: QR=0 (query), opcode 0 (standard), RD=1; everything else 0.
    out.extend_from_slice(&0x0100u16.to_be_bytes());
    // One question; no answer, authority or additional records.
    for count in [1u16, 0, 0, 0] {
        out.extend_from_slice(&count.to_be_bytes());
    }
    encode_name(name, &mut out)?;
    out.extend_from_slice(&qtype.code().to_be_bytes());
    out.extend_from_slice(&CLASS_IN.to_be_bytes());
    Ok(out)
}
// ANCHOR_END: build_query

/// The name a reverse (PTR) lookup asks for: `4.3.2.1.in-addr.arpa` for
/// 1.2.3.4, and 32 reversed nibbles under `ip6.arpa` for IPv6 (RFC 3596 §2.5).
pub fn reverse_name(addr: std::net::IpAddr) -> String {
    match addr {
        std::net::IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        std::net::IpAddr::V6(v6) => {
            let mut labels: Vec<String> = Vec::with_capacity(33);
            for byte in v6.octets().iter().rev() {
                labels.push(format!("{:x}", byte & 0x0f));
                labels.push(format!("{:x}", byte >> 4));
            }
            labels.push("ip6.arpa".into());
            labels.join(".")
        }
    }
}
