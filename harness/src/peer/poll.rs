//! `poll(2)` for the accept loop and the swarm, through `rustix` (no
//! `unsafe` here: rustix borrows each descriptor for the call). On Windows
//! rustix calls `WSAPoll`, which waits on sockets, the only thing polled here;
//! `rustix::fd::AsFd` is `AsFd` on Unix and `AsSocket` on Windows.
//!
//! `poll` is the portable readiness call (POSIX); it costs O(n) per call,
//! which is fine for the few descriptors of an accept loop and for the
//! swarm, which only passes the sockets it is currently waiting on.
//!
//! # Layout
//! [`want`] builds one entry, [`poll`] waits, [`ready`] reads an entry back.

use std::io;
use std::time::Duration;

use rustix::fd::AsFd;

pub use rustix::event::{PollFd, PollFlags};

/// An entry asking for `events` on `fd`, borrowing it for the call.
pub fn want<Fd: AsFd>(fd: &Fd, events: PollFlags) -> PollFd<'_> {
    PollFd::new(fd, events)
}

/// Whether `fd` reported anything (asked-for events, an error or a hang-up).
pub fn ready(fd: &PollFd<'_>) -> bool {
    !fd.revents().is_empty()
}

/// Waits until one of `fds` is ready or `timeout` passes (`None`: forever).
/// Returns how many are ready; `EINTR` counts as zero ready.
pub fn poll(fds: &mut [PollFd<'_>], timeout: Option<Duration>) -> io::Result<usize> {
    // Some systems take at most `c_int::MAX` milliseconds: cap it there
    // (24 days), which no caller comes near.
    let cap = Duration::from_millis(i32::MAX as u64);
    let timeout = timeout.map(|t| rustix::event::Timespec {
        tv_sec: t.min(cap).as_secs() as _,
        tv_nsec: t.min(cap).subsec_nanos() as _,
    });
    match rustix::event::poll(fds, timeout.as_ref()) {
        Ok(n) => Ok(n),
        Err(rustix::io::Errno::INTR) => Ok(0),
        Err(e) => Err(e.into()),
    }
}
