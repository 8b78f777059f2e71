//! The system resolver: what LuaSocket's `socket.dns` calls underneath.
//!
//! `getaddrinfo(3)` turns a name into addresses using whatever the machine
//! is configured with (`/etc/hosts`, `/etc/resolv.conf`, mDNS, ...): the
//! "transparent name resolution" every LuaSocket function does when handed
//! a host name. `getnameinfo(3)` goes the other way, and `gethostname(2)`
//! names this machine. These are the only `unsafe` calls of the chapter;
//! each is wrapped in a safe function that frees what libc allocated.
//!
//! `getaddrinfo` reports the canonical name (`AI_CANONNAME`) but not the
//! aliases that led to it, so [`to_ip`] returns no aliases; our own client
//! ([`crate::dns::client`]) sees the CNAME chain and does.
//!
//! Windows has these calls too, but in Winsock with other types; there the
//! chapter makes do with `std` (see `portable` at the end): the address
//! lookup is `ToSocketAddrs` (the same `getaddrinfo`, without the
//! canonical name), the host name is `COMPUTERNAME`, and the reverse lookup
//! says it needs Unix.
//!
//! Layout: [`host_name`], [`to_ip`], [`to_host_name`]; `portable`.

#[cfg(unix)]
use std::ffi::{CStr, CString};
#[cfg(unix)]
use std::io;
#[cfg(unix)]
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

#[cfg(unix)]
use crate::dns::resolve::HostInfo;

/// This machine's host name (LuaSocket's `socket.dns.gethostname`).
#[cfg(unix)]
pub fn host_name() -> io::Result<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

#[cfg(unix)]
fn gai_error(what: &str, code: i32) -> io::Error {
    // SAFETY: gai_strerror returns a pointer to a static string.
    let text = unsafe { CStr::from_ptr(libc::gai_strerror(code)) };
    io::Error::other(format!("{what}: {}", text.to_string_lossy()))
}

/// The address stored in a `sockaddr` from getaddrinfo.
///
/// # Safety
/// `sa` must point to a valid `sockaddr` of the family it names.
#[cfg(unix)]
unsafe fn ip_of(sa: *const libc::sockaddr) -> Option<IpAddr> {
    // SAFETY: the caller guarantees `sa` is valid; the family says which struct it is.
    unsafe {
        match i32::from((*sa).sa_family) {
            libc::AF_INET => {
                let sin = &*sa.cast::<libc::sockaddr_in>();
                Some(IpAddr::V4(Ipv4Addr::from(u32::from_be(
                    sin.sin_addr.s_addr,
                ))))
            }
            libc::AF_INET6 => {
                let sin6 = &*sa.cast::<libc::sockaddr_in6>();
                Some(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)))
            }
            _ => None,
        }
    }
}

// ANCHOR: to_ip
/// Every address of `host` (IPv4 and IPv6, each once, in the system's
/// order), with its canonical name (LuaSocket's `socket.dns.toip`).
#[cfg(unix)]
pub fn to_ip(host: &str) -> io::Result<HostInfo> {
    let c_host = CString::new(host).map_err(|_| io::Error::other("host name contains NUL"))?;
    // SAFETY: a zeroed addrinfo is a valid "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = libc::SOCK_STREAM; // one entry per address, not per socket type
    hints.ai_flags = libc::AI_CANONNAME;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C string, hints and out-pointer; freed below.
    let rc = unsafe { libc::getaddrinfo(c_host.as_ptr(), std::ptr::null(), &hints, &mut list) };
    if rc != 0 {
        return Err(gai_error(host, rc));
    }
    let mut info = HostInfo {
        name: host.to_string(),
        ..HostInfo::default()
    };
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is an element of the list getaddrinfo returned.
        let ai = unsafe { &*node };
        if !ai.ai_canonname.is_null() && node == list {
            // SAFETY: a NUL-terminated string owned by the list.
            let canon = unsafe { CStr::from_ptr(ai.ai_canonname) };
            info.name = canon.to_string_lossy().into_owned();
        }
        // SAFETY: ai_addr points to a sockaddr of family ai_family.
        if let Some(ip) = unsafe { ip_of(ai.ai_addr) }
            && !info.addresses.contains(&ip)
        {
            info.addresses.push(ip);
        }
        node = ai.ai_next;
    }
    // SAFETY: `list` came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(info)
}
// ANCHOR_END: to_ip

/// The name of `addr` (LuaSocket's `socket.dns.tohostname` for an address):
/// `getnameinfo` with `NI_NAMEREQD`, so "no name" is an error, not the
/// address printed back.
#[cfg(unix)]
pub fn to_host_name(addr: IpAddr) -> io::Result<String> {
    let sa: socket2::SockAddr = SocketAddr::new(addr, 0).into();
    let mut host = [0 as libc::c_char; 1025]; // NI_MAXHOST
    // SAFETY: sa is a valid sockaddr of its stated length; host is a valid buffer.
    let rc = unsafe {
        libc::getnameinfo(
            sa.as_ptr().cast(),
            sa.len(),
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            std::ptr::null_mut(),
            0,
            libc::NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return Err(gai_error(&addr.to_string(), rc));
    }
    // SAFETY: getnameinfo wrote a NUL-terminated string into `host`.
    let name = unsafe { CStr::from_ptr(host.as_ptr()) };
    Ok(name.to_string_lossy().into_owned())
}

#[cfg(not(unix))]
pub use portable::{host_name, to_host_name, to_ip};

/// The Windows versions, with `std` only. Built on Unix too, so its tests
/// check them against the libc versions.
#[cfg(any(not(unix), test))]
mod portable {
    use std::io;
    use std::net::{IpAddr, ToSocketAddrs};

    use crate::dns::resolve::HostInfo;

    /// This machine's name as Windows sets it for every process.
    pub fn host_name() -> io::Result<String> {
        std::env::var("COMPUTERNAME").map_err(|_| io::Error::other("COMPUTERNAME is not set"))
    }

    /// Every address of `host`, once each, in the system's order; `std`
    /// does not give the canonical name, so the name is `host` itself.
    pub fn to_ip(host: &str) -> io::Result<HostInfo> {
        let mut info = HostInfo {
            name: host.to_string(),
            ..HostInfo::default()
        };
        for addr in (host, 0).to_socket_addrs()? {
            if !info.addresses.contains(&addr.ip()) {
                info.addresses.push(addr.ip());
            }
        }
        Ok(info)
    }

    /// `std` has no reverse lookup.
    pub fn to_host_name(addr: IpAddr) -> io::Result<String> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!(
                "cannot look up the name of {addr}: the reverse lookup (getnameinfo) is \
                 wired up for Unix only; on Windows use WSL, or nslookup {addr}"
            ),
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_portable_lookup_finds_what_getaddrinfo_finds() {
        let ours = portable::to_ip("localhost").unwrap();
        let libc = to_ip("localhost").unwrap();
        assert_eq!(ours.name, "localhost");
        let (mut a, mut b) = (ours.addresses, libc.addresses);
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(portable::to_ip("no-such-host.invalid").is_err());
    }

    #[test]
    fn the_portable_host_name_is_windows_computername() {
        let want = std::env::var("COMPUTERNAME").ok();
        assert_eq!(portable::host_name().ok(), want);
    }

    #[test]
    fn the_portable_reverse_lookup_says_what_to_use_instead() {
        let err = portable::to_host_name("127.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
        assert!(err.to_string().contains("WSL"), "{err}");
    }
}
