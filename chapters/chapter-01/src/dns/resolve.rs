//! From a reply to what a program wants, and the rules of one exchange.
//!
//! A program asking for `www.example.org` wants LuaSocket's triple: the
//! canonical name, the aliases that led to it, and the addresses. A reply
//! may answer with a chain: `www` is a CNAME for `web`, `web` is a CNAME for
//! `host`, and `host` has the A records. [`host_info`] follows that chain
//! (bounded, and refusing loops) into a [`HostInfo`].
//!
//! [`Exchange`] is one query's conversation as a sans-I/O state machine: it
//! says what to send and over which transport; the driver ([`super::client`])
//! feeds it replies and timeouts. Its rules: a reply with another id (or not
//! a response, or for another question) is ignored, as it may be a late
//! answer to an old query or a forgery (RFC 5452 §9.1); a timeout resends
//! over UDP until the attempts run out; a reply with the TC bit over UDP
//! means "ask again over TCP" (RFC 1035 §4.2.1, RFC 7766).
//!
//! Layout: [`HostInfo`], [`ResolveError`], [`host_info`]; [`Transport`],
//! [`Step`], [`Exchange`].

use std::net::IpAddr;

use super::parse::peek_header;
use super::{Message, RData, Rcode, Record, RecordType, WireError, build_query};

/// Longest CNAME chain we follow (real chains are one or two links).
pub const MAX_CHAIN: usize = 16;

/// What a lookup finds: LuaSocket's `name`, `alias` and `ip` fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostInfo {
    /// The canonical name: the end of the CNAME chain.
    pub name: String,
    /// Every name on the way to the canonical name, in chain order.
    pub aliases: Vec<String>,
    /// The addresses of the canonical name.
    pub addresses: Vec<IpAddr>,
}

/// Why a lookup failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// The reply is not a well-formed DNS message.
    #[error("malformed reply: {0}")]
    Malformed(#[from] WireError),
    /// The name does not exist (NXDOMAIN).
    #[error("{0}: host not found (NXDOMAIN)")]
    NxDomain(String),
    /// The server answered with an error code.
    #[error("the server answered {0:?}")]
    Server(Rcode),
    /// No reply came in time, after every attempt.
    #[error("no reply after {0} attempt(s)")]
    Timeout(u32),
    /// The CNAME chain loops or is longer than [`MAX_CHAIN`].
    #[error("the CNAME chain from {0} loops or is too long")]
    CnameLoop(String),
    /// The name exists but has no address of the kinds asked for.
    #[error("{0} has no address")]
    NoAddress(String),
    /// A socket error (refused, unreachable, ...).
    #[error("{0}")]
    Io(String),
}

fn same_name(a: &str, b: &str) -> bool {
    // DNS names compare without regard to ASCII case (RFC 4343).
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

// ANCHOR: host_info
/// Follows the CNAME chain from `qname` through `answers` and collects the
/// addresses of its end. Checks the reply's rcode first.
pub fn host_info(qname: &str, reply: &Message) -> Result<HostInfo, ResolveError> {
    match reply.rcode() {
        Rcode::NoError => {}
        Rcode::NxDomain => return Err(ResolveError::NxDomain(qname.to_string())),
        other => return Err(ResolveError::Server(other)),
    }
    chase(qname, &reply.answers)
}

/// The chain walk alone, over any list of records.
pub fn chase(qname: &str, answers: &[Record]) -> Result<HostInfo, ResolveError> {
    let mut info = HostInfo {
        name: qname.trim_end_matches('.').to_string(),
        ..HostInfo::default()
    };
    while let Some(target) = answers.iter().find_map(|r| match &r.data {
        RData::Cname(t) if same_name(&r.name, &info.name) => Some(t.clone()),
        _ => None,
    }) {
        let looped = info.aliases.iter().any(|a| same_name(a, &target));
        if looped || info.aliases.len() >= MAX_CHAIN {
            return Err(ResolveError::CnameLoop(qname.to_string()));
        }
        info.aliases.push(std::mem::replace(&mut info.name, target));
    }
    info.addresses = answers
        .iter()
        .filter(|r| same_name(&r.name, &info.name))
        .filter_map(|r| match r.data {
            RData::A(a) => Some(IpAddr::V4(a)),
            RData::Aaaa(a) => Some(IpAddr::V6(a)),
            _ => None,
        })
        .collect();
    Ok(info)
}
// ANCHOR_END: host_info

/// How a query travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// One datagram each way; replies over 512 bytes come back cut.
    Udp,
    /// A stream; each message is prefixed by its 16-bit length.
    Tcp,
}

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Send these bytes (a whole message, no length prefix) and wait.
    Send(Transport, Vec<u8>),
    /// Keep waiting for a reply (the last one was ignored).
    Wait,
    /// The exchange is over.
    Done(Result<Message, ResolveError>),
}

// ANCHOR: exchange
/// One query's conversation: which bytes to send, when to resend, which
/// replies to believe.
#[derive(Debug, Clone)]
pub struct Exchange {
    id: u16,
    name: String,
    qtype: RecordType,
    query: Vec<u8>,
    attempts: u32,
    sent: u32,
    transport: Transport,
}

impl Exchange {
    /// Starts a query for `name`/`qtype` with `id`, allowing `attempts`
    /// UDP sends (at least 1). Returns the exchange and its first step.
    pub fn start(
        id: u16,
        name: &str,
        qtype: RecordType,
        attempts: u32,
    ) -> Result<(Exchange, Step), ResolveError> {
        let query = build_query(id, name, qtype)?;
        let step = Step::Send(Transport::Udp, query.clone());
        let ex = Exchange {
            id,
            name: name.trim_end_matches('.').to_string(),
            qtype,
            query,
            attempts: attempts.max(1),
            sent: 1,
            transport: Transport::Udp,
        };
        Ok((ex, step))
    }

    /// The transport in use now.
    pub fn transport(&self) -> Transport {
        self.transport
    }

    /// A message arrived over the current transport.
    pub fn on_reply(&mut self, bytes: &[u8]) -> Step {
        let Ok(header) = peek_header(bytes) else {
            return Step::Wait; // not even a header: not ours to judge
        };
        if header.id != self.id || !header.response {
            return Step::Wait;
        }
        if header.truncated && self.transport == Transport::Udp {
            self.transport = Transport::Tcp;
            return Step::Send(Transport::Tcp, self.query.clone());
        }
        match Message::parse(bytes) {
            Err(e) => Step::Done(Err(e.into())),
            Ok(m) if !self.asks_our_question(&m) => Step::Wait,
            Ok(m) => Step::Done(Ok(m)),
        }
    }

    fn asks_our_question(&self, m: &Message) -> bool {
        matches!(m.questions.as_slice(), [q] if same_name(&q.name, &self.name) && q.qtype == self.qtype)
    }

    /// The wait for a reply timed out.
    pub fn on_timeout(&mut self) -> Step {
        if self.transport == Transport::Udp && self.sent < self.attempts {
            self.sent += 1;
            return Step::Send(Transport::Udp, self.query.clone());
        }
        Step::Done(Err(ResolveError::Timeout(self.sent)))
    }
}
// ANCHOR_END: exchange
