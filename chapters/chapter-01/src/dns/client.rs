//! Our own stub resolver: [`Exchange`]s driven over real sockets.
//!
//! UDP first: one socket per query, `connect`ed to the server so the kernel
//! drops datagrams from anyone else and reports "port unreachable" as a
//! refused connection. Each attempt waits until its own deadline; a reply
//! the exchange ignores (wrong id) does not restart the clock. When a reply
//! comes back truncated, the same query goes again over TCP, each message
//! prefixed with its 16-bit length (RFC 1035 §4.2.2).
//!
//! Layout: [`Options`], [`Resolver`] (`query`, `lookup_host`,
//! `lookup_addr`), and the private UDP and TCP round trips.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use super::resolve::{Exchange, HostInfo, ResolveError, Step, Transport, host_info};
use super::{Message, RData, RecordType, TCP_MAX, reverse_name};

/// How patient the resolver is.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for each attempt's reply.
    pub timeout: Duration,
    /// UDP sends per query (the first one included).
    pub attempts: u32,
    /// The id of the first query; later ones count up from it. Pass a
    /// random number: guessable ids make forged replies easy (RFC 5452).
    pub first_id: u16,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(2),
            attempts: 3,
            first_id: 0x1234,
        }
    }
}

/// A resolver that asks one DNS server.
#[derive(Debug)]
pub struct Resolver {
    server: SocketAddr,
    options: Options,
    next_id: u16,
}

fn io_error(server: SocketAddr, e: io::Error) -> ResolveError {
    ResolveError::Io(format!("DNS server {server}: {e}"))
}

impl Resolver {
    /// A resolver for the server at `server` (e.g. `127.0.0.1:53`).
    pub fn new(server: SocketAddr, options: Options) -> Self {
        let next_id = options.first_id;
        Resolver {
            server,
            options,
            next_id,
        }
    }

    // ANCHOR: query
    /// Asks one question and returns the reply (any rcode).
    pub fn query(&mut self, name: &str, qtype: RecordType) -> Result<Message, ResolveError> {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        let (mut ex, mut step) = Exchange::start(id, name, qtype, self.options.attempts)?;
        let mut udp: Option<UdpSocket> = None;
        // Bounded: each pass sends (at most `attempts` UDP sends and one TCP
        // exchange) or waits until a deadline that ignored replies do not move.
        loop {
            step = match step {
                Step::Done(result) => return result,
                Step::Send(Transport::Udp, bytes) => {
                    let sock = match &udp {
                        Some(s) => s,
                        None => udp.insert(self.udp_socket()?),
                    };
                    sock.send(&bytes).map_err(|e| io_error(self.server, e))?;
                    self.udp_wait(sock, &mut ex)?
                }
                Step::Send(Transport::Tcp, bytes) => {
                    let reply = self.tcp_round_trip(&bytes)?;
                    match ex.on_reply(&reply) {
                        Step::Wait => ex.on_timeout(), // a TCP reply that is not ours ends it
                        other => other,
                    }
                }
                // `udp_wait` never returns Wait; treat one as a lost reply.
                Step::Wait => ex.on_timeout(),
            }
        }
    }
    // ANCHOR_END: query

    fn udp_socket(&self) -> Result<UdpSocket, ResolveError> {
        let local: SocketAddr = if self.server.is_ipv4() {
            (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let sock = UdpSocket::bind(local).map_err(|e| io_error(self.server, e))?;
        sock.connect(self.server)
            .map_err(|e| io_error(self.server, e))?;
        Ok(sock)
    }

    /// Waits for the reply to the datagram just sent; returns the next step.
    fn udp_wait(&self, sock: &UdpSocket, ex: &mut Exchange) -> Result<Step, ResolveError> {
        let deadline = Instant::now() + self.options.timeout;
        let mut buf = vec![0u8; TCP_MAX];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(ex.on_timeout());
            }
            sock.set_read_timeout(Some(left))
                .map_err(|e| io_error(self.server, e))?;
            match sock.recv(&mut buf) {
                Ok(n) => match ex.on_reply(&buf[..n]) {
                    Step::Wait => continue,
                    step => return Ok(step),
                },
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Ok(ex.on_timeout());
                }
                Err(e) => return Err(io_error(self.server, e)),
            }
        }
    }

    /// One query over TCP: connect, send length + message, read the same.
    fn tcp_round_trip(&self, query: &[u8]) -> Result<Vec<u8>, ResolveError> {
        let err = |e| io_error(self.server, e);
        let mut stream =
            TcpStream::connect_timeout(&self.server, self.options.timeout).map_err(err)?;
        stream
            .set_read_timeout(Some(self.options.timeout))
            .map_err(err)?;
        stream
            .set_write_timeout(Some(self.options.timeout))
            .map_err(err)?;
        let mut framed = (query.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(query);
        stream.write_all(&framed).map_err(err)?;
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).map_err(err)?;
        let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut reply).map_err(err)?;
        Ok(reply)
    }

    // ANCHOR: lookup_host
    /// LuaSocket's `toip`: the canonical name, aliases and every address
    /// (A, then AAAA) of `host`. An address is looked up in reverse instead.
    pub fn lookup_host(&mut self, host: &str) -> Result<HostInfo, ResolveError> {
        if let Ok(addr) = host.parse::<IpAddr>() {
            return self.lookup_addr(addr);
        }
        let v4 = host_info(host, &self.query(host, RecordType::A)?)?;
        let v6 = host_info(host, &self.query(host, RecordType::Aaaa)?)?;
        // The chain is the same for both types; take the one that led to addresses.
        let (mut info, other) = if v4.addresses.is_empty() {
            (v6, v4)
        } else {
            (v4, v6)
        };
        for alias in other.aliases {
            if !info.aliases.contains(&alias) {
                info.aliases.push(alias);
            }
        }
        info.addresses.extend(other.addresses);
        info.addresses.sort_by_key(|a| a.is_ipv6()); // IPv4 first, each in server order
        if info.addresses.is_empty() {
            return Err(ResolveError::NoAddress(host.to_string()));
        }
        Ok(info)
    }
    // ANCHOR_END: lookup_host

    /// LuaSocket's `tohostname`: the name of `addr` (a PTR lookup), with
    /// the address itself in `addresses`.
    pub fn lookup_addr(&mut self, addr: IpAddr) -> Result<HostInfo, ResolveError> {
        let rname = reverse_name(addr);
        let reply = self.query(&rname, RecordType::Ptr)?;
        let chain = host_info(&rname, &reply)?;
        let name = reply.answers.iter().find_map(|r| match &r.data {
            RData::Ptr(n) if r.name.eq_ignore_ascii_case(&chain.name) => Some(n.clone()),
            _ => None,
        });
        let name = name.ok_or_else(|| ResolveError::NoAddress(rname.clone()))?;
        Ok(HostInfo {
            name,
            aliases: vec![rname],
            addresses: vec![addr],
        })
    }
}
