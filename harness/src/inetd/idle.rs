//! How silent an inetd client is, seen by the super-server, whose child
//! (not the super-server) reads the socket: a short wait for the client's
//! first byte before the program starts, and the kernel's record of when
//! the client last sent data (Linux's `TCP_INFO`).
//!
//! # Layout
//! [`FIRST_BYTE_GRACE`], [`await_first_byte`], [`silent_since`].

use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Longest wait for a client's first byte before its program starts.
pub(super) const FIRST_BYTE_GRACE: Duration = Duration::from_millis(100);

/// Waits up to [`FIRST_BYTE_GRACE`] for the client's first byte (or its
/// end, or an eviction, which shuts the reading half and so also wakes the
/// wait). Most services wait for the client to speak, and then a crowd of
/// silent connections, each evicted in its grace, costs no process at all;
/// the queue behind it drains at the speed of threads, not of fork and
/// exec. (Linux's `TCP_DEFER_ACCEPT` and FreeBSD's `accf_data` do the same
/// before `accept`.) A program that speaks first starts after the grace.
pub(super) fn await_first_byte(socket: &TcpStream) {
    use crate::peer::poll::{PollFlags, poll, want};
    let mut fds = [want(socket, PollFlags::IN)];
    // One wait; an error or EINTR just starts the program sooner.
    let _ = poll(&mut fds, Some(FIRST_BYTE_GRACE));
}

/// When the client last sent data (the connection's start if never),
/// from the kernel's `TCP_INFO`; `None` if it cannot say.
#[cfg(target_os = "linux")]
pub(super) fn silent_since(socket: &TcpStream) -> Option<Instant> {
    use std::os::fd::AsRawFd;
    let mut info = std::mem::MaybeUninit::<libc::tcp_info>::zeroed();
    let mut len = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` is writable for `len` bytes, `len` is its size, and
    // the descriptor is a TCP socket we hold for the call; the kernel
    // writes at most `len` bytes and sets `len` to what it wrote.
    let rc = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            info.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: zeroed is a valid `tcp_info` (plain integers), and the
    // kernel filled what it knows.
    let info = unsafe { info.assume_init() };
    let ms = Duration::from_millis(info.tcpi_last_data_recv.into());
    Instant::now().checked_sub(ms)
}

/// Other systems: unknown (the child's start stands in).
#[cfg(not(target_os = "linux"))]
pub(super) fn silent_since(_socket: &TcpStream) -> Option<Instant> {
    None
}
