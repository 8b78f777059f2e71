//! Test-side helpers for asking a DNS server over UDP: a query written
//! out by hand (so the server's own codec cannot hide a bug in it) and a
//! bounded wait for the reply.
//!
//! Layout: [`query`], [`ask_udp`].

use std::io;
use std::net::{SocketAddr, UdpSocket};

use crate::peer::client::TIMEOUT;

/// A query with `id` and RD set for `name`/`qtype`, class IN (RFC 1035 §4.1).
pub fn query(id: u16, name: &str, qtype: u16) -> Vec<u8> {
    let mut q = id.to_be_bytes().to_vec();
    // Flags RD; one question, no other records.
    q.extend_from_slice(&[1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    for label in name.trim_end_matches('.').split('.') {
        // Labels are at most 63 octets (RFC 1035 §2.3.4); longer ones are cut.
        let label = &label.as_bytes()[..label.len().min(63)];
        q.push(label.len() as u8);
        q.extend_from_slice(label);
    }
    q.push(0);
    q.extend_from_slice(&qtype.to_be_bytes());
    q.extend_from_slice(&1u16.to_be_bytes());
    q
}

/// Sends `packet` to `addr` over UDP and returns the first reply (waiting
/// at most [`TIMEOUT`]; UDP replies are at most 512 octets, RFC 1035 §4.2.1,
/// but a larger buffer shows a server that breaks the rule).
pub fn ask_udp(addr: SocketAddr, packet: &[u8]) -> io::Result<Vec<u8>> {
    let local = SocketAddr::new(addr.ip(), 0);
    let s = UdpSocket::bind(local)?;
    s.set_read_timeout(Some(TIMEOUT))?;
    s.connect(addr)?;
    s.send(packet)?;
    let mut buf = [0u8; 4096];
    let n = s.recv(&mut buf)?;
    Ok(buf[..n].to_vec())
}
