//! Turning the host and port a user typed into a socket address.
//!
//! LuaSocket resolves names transparently: wherever an address is expected, a
//! host name works too, and the first address the resolver returns is used.
//! [`resolve`] does the same with the system resolver (`getaddrinfo`),
//! preferring an IPv4 address so `localhost` means 127.0.0.1, which is where
//! the chapter's programs listen by default.
//!
//! Layout: [`resolve`], [`show`].

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

/// The address of `host` (a name or an IP address) and `port`: the first
/// IPv4 address the resolver gives, else the first address of any kind.
pub fn resolve(host: &str, port: u16) -> io::Result<SocketAddr> {
    let all: Vec<SocketAddr> = (host, port).to_socket_addrs()?.collect();
    all.iter()
        .find(|a| a.is_ipv4())
        .or_else(|| all.first())
        .copied()
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{host:?} has no address; check the name, or give an IP address"),
            )
        })
}

/// `127.0.0.1, port 11250`: the way the seed's programs print an address.
pub fn show(addr: SocketAddr) -> String {
    format!("{}, port {}", addr.ip(), addr.port())
}
