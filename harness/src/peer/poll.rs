//! A safe wrapper over `poll(2)`, shared by the accept loop and the swarm.
//!
//! `poll` is the portable readiness call (POSIX); it costs O(n) per call,
//! which is fine for the few descriptors of an accept loop and for the
//! swarm, which only passes the sockets it is currently waiting on.

use std::io;
use std::time::Duration;

pub use libc::{POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, pollfd};

/// A `pollfd` asking for `events` on `fd`.
pub fn want(fd: std::os::fd::RawFd, events: i16) -> pollfd {
    pollfd {
        fd,
        events,
        revents: 0,
    }
}

/// Waits until one of `fds` is ready or `timeout` passes (`None`: forever).
/// Returns how many are ready; `EINTR` counts as zero ready.
pub fn poll(fds: &mut [pollfd], timeout: Option<Duration>) -> io::Result<usize> {
    let ms = match timeout {
        None => -1,
        Some(t) => i32::try_from(t.as_millis()).unwrap_or(i32::MAX),
    };
    let n = fds.len() as libc::nfds_t;
    // SAFETY: `fds` is a valid, exclusively borrowed slice of `n` pollfd
    // structs for the whole call; poll(2) only writes their `revents`.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), n, ms) };
    if rc < 0 {
        let err = io::Error::last_os_error();
        return if err.kind() == io::ErrorKind::Interrupted {
            Ok(0)
        } else {
            Err(err)
        };
    }
    Ok(rc as usize)
}
