//! A private network with only loopback for one test process (Linux).
//!
//! A new network namespace holds one interface, `lo`, which starts down,
//! so the child brings it up. Creating the namespace needs
//! `CAP_SYS_ADMIN`: as root we simply `unshare(CLONE_NEWNET)`; otherwise
//! we first enter a new user namespace (where we hold every capability
//! until `exec`) and map our own uid and gid into it, so files the tests
//! write still belong to us.

use std::ffi::CStr;
use std::io;

use rustix::fs::{Mode, OFlags};
use rustix::ioctl::{Opcode, Setter, Updater, ioctl};
use rustix::net::{AddressFamily, SocketFlags, SocketType};
use rustix::thread::UnshareFlags;

/// What the child needs, prepared before the fork (formatting allocates).
pub(super) struct Ids {
    root: bool,
    /// Our own uid and gid, mapped to themselves.
    uid_map: String,
    gid_map: String,
}

impl Ids {
    /// Our ids as they are now.
    pub(super) fn current() -> Ids {
        use rustix::process::{geteuid, getgid, getuid};
        let (uid, gid) = (getuid().as_raw(), getgid().as_raw());
        Ids {
            root: geteuid().is_root(),
            uid_map: format!("{uid} {uid} 1\n"),
            gid_map: format!("{gid} {gid} 1\n"),
        }
    }
}

/// In the child: a new network namespace with `lo` up.
pub(super) fn enter(ids: &Ids) -> io::Result<()> {
    if ids.root {
        unshare(UnshareFlags::NEWNET)?;
    } else {
        unshare(UnshareFlags::NEWUSER | UnshareFlags::NEWNET)?;
        // The kernel requires setgroups to be denied before an
        // unprivileged process may write a gid map.
        write_file(c"/proc/self/setgroups", b"deny")?;
        write_file(c"/proc/self/uid_map", ids.uid_map.as_bytes())?;
        write_file(c"/proc/self/gid_map", ids.gid_map.as_bytes())?;
    }
    loopback_up()
}

fn unshare(flags: UnshareFlags) -> io::Result<()> {
    // SAFETY: rustix marks unshare unsafe for CLONE_FILES, after which
    // threads could see different descriptor tables; these flags leave the
    // table shared, and the child has a single thread anyway.
    Ok(unsafe { rustix::thread::unshare_unsafe(flags) }?)
}

fn write_file(path: &CStr, bytes: &[u8]) -> io::Result<()> {
    let file = rustix::fs::open(path, OFlags::WRONLY | OFlags::CLOEXEC, Mode::empty())?;
    rustix::io::write(&file, bytes)?;
    Ok(())
}

/// Sets `IFF_UP` on `lo`, as `ip link set lo up` does.
fn loopback_up() -> io::Result<()> {
    let socket = rustix::net::socket_with(
        AddressFamily::INET,
        SocketType::DGRAM,
        SocketFlags::CLOEXEC,
        None,
    )?;
    // SAFETY: an all-zero ifreq is a valid one (an empty name and no flags).
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    for (dst, src) in req.ifr_name.iter_mut().zip(b"lo\0") {
        *dst = *src as libc::c_char;
    }
    // SAFETY: SIOCGIFFLAGS and SIOCSIFFLAGS read and write an ifreq, which
    // is what they are given; ifru_flags is the member they use.
    unsafe {
        ioctl(
            &socket,
            Updater::<{ libc::SIOCGIFFLAGS as Opcode }, _>::new(&mut req),
        )?;
        req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        ioctl(
            &socket,
            Setter::<{ libc::SIOCSIFFLAGS as Opcode }, _>::new(req),
        )?;
    }
    Ok(())
}
