//! Datagram sizes and local addresses.
//!
//! A UDP datagram travels in one IP packet, whose length field is 16 bits:
//! at most 65,535 bytes including the IP header (20 bytes for IPv4 without
//! options) and the UDP header (8 bytes). So one datagram carries at most
//! 65,507 bytes of payload over IPv4. IPv6 does not count its 40-byte
//! header in its payload length, so there the limit is 65,535 - 8 = 65,527
//! (jumbograms aside). A larger send fails at once with `EMSGSIZE`
//! ("message too long"); nothing is sent.
//!
//! Within that limit, anything bigger than the path's MTU (1,500 bytes on
//! Ethernet, 65,536 on Linux loopback) is cut into IP fragments; losing any
//! fragment loses the whole datagram, so big datagrams are fragile on real
//! networks even when they pass on loopback.
//!
//! Layout: the size constants, [`max_payload`], [`bind_for`],
//! [`is_too_big`], [`MSG_TRUNC`], [`recv_from_flags`].

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

// ANCHOR: limits
/// Bytes of an IPv4 header without options.
pub const IPV4_HEADER: usize = 20;
/// Bytes of a UDP header (ports, length, checksum: RFC 768).
pub const UDP_HEADER: usize = 8;
/// Largest UDP payload over IPv4: 65,535 - 20 - 8.
pub const MAX_UDP_PAYLOAD_V4: usize = 65_535 - IPV4_HEADER - UDP_HEADER;
/// Largest UDP payload over IPv6 without jumbograms: 65,535 - 8.
pub const MAX_UDP_PAYLOAD_V6: usize = 65_535 - UDP_HEADER;
// ANCHOR_END: limits

/// The largest payload one datagram to `peer` can carry.
pub fn max_payload(peer: SocketAddr) -> usize {
    if peer.is_ipv4() {
        MAX_UDP_PAYLOAD_V4
    } else {
        MAX_UDP_PAYLOAD_V6
    }
}

// ANCHOR: bind_for
/// A UDP socket on any local address and an ephemeral port, of the same
/// family as `peer`. (LuaSocket binds implicitly at the first `sendto`;
/// Rust binds when the socket is made, so "any port" is `:0`.)
pub fn bind_for(peer: SocketAddr) -> io::Result<UdpSocket> {
    let any = if peer.is_ipv4() {
        SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0))
    } else {
        SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0))
    };
    UdpSocket::bind(any)
}
// ANCHOR_END: bind_for

/// Whether `e` says the datagram was larger than the protocol allows
/// (`EMSGSIZE`, "Message too long"; `WSAEMSGSIZE` on Windows).
pub fn is_too_big(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::MSGSIZE.raw_os_error())
}

/// The `recvfrom` flag that makes it return a datagram's whole length even
/// when the buffer is shorter. Only Linux does that: macOS accepts the flag
/// and ignores it, Windows has no such flag for `recvfrom`, so elsewhere this
/// is a value of our own that [`recv_from_flags`] refuses with a clear error
/// rather than return a wrong length.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub const MSG_TRUNC: libc::c_int = libc::MSG_TRUNC;
/// See the Linux version: elsewhere [`recv_from_flags`] refuses it.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub const MSG_TRUNC: libc::c_int = 1 << 30;

/// `recvfrom(2)` with `flags` (e.g. [`MSG_TRUNC`], `libc::MSG_PEEK`)
/// into an ordinary buffer: returns what the call returned (with
/// `MSG_TRUNC`, the datagram's *whole* length, which may exceed
/// `buf.len()`) and the sender. Only `buf.len()` bytes are ever written.
pub fn recv_from_flags(
    socket: &UdpSocket,
    buf: &mut [u8],
    flags: libc::c_int,
) -> io::Result<(usize, SocketAddr)> {
    if cfg!(not(any(target_os = "linux", target_os = "android"))) && flags & MSG_TRUNC != 0 {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "MSG_TRUNC reports a datagram's real length on Linux only; elsewhere \
             receive into a buffer one byte longer than the largest datagram you accept",
        ));
    }
    // rustix's `recvfrom` reads into an ordinary buffer and reports both
    // what it wrote and what the call returned, with no `unsafe` here.
    let flags = rustix::net::RecvFlags::from_bits_retain(flags as u32);
    let (_written, returned, from) = rustix::net::recvfrom(socket, buf, flags)?;
    let from = from
        .and_then(|a| SocketAddr::try_from(a).ok())
        .ok_or_else(|| io::Error::other("the sender has no IP address"))?;
    Ok((returned, from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_follow_from_the_headers() {
        assert_eq!(MAX_UDP_PAYLOAD_V4, 65_507);
        assert_eq!(MAX_UDP_PAYLOAD_V6, 65_527);
        assert_eq!(max_payload("127.0.0.1:9".parse().unwrap()), 65_507);
        assert_eq!(max_payload("[::1]:9".parse().unwrap()), 65_527);
    }
}
