//! Waiting for any of several sockets with `poll(2)`.
//!
//! A server with more than one socket (daytime on UDP *and* TCP, plus a
//! way to be told to stop) cannot sit in one blocking `recv` or `accept`:
//! while it waits on one socket, the others go unanswered. `poll` takes a
//! list of descriptors and returns as soon as any of them is ready, and the
//! server then serves exactly the ready ones. `std` has no `poll`; the
//! `rustix` crate offers it safely (it borrows each socket for the call, so
//! none can be closed while the kernel looks at it). On Windows it calls
//! `WSAPoll`, which takes sockets only; `rustix::fd::BorrowedFd` is a
//! borrowed descriptor on Unix and a borrowed socket on Windows.
//!
//! # Layout
//! [`readable`].

use std::io;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::BorrowedFd;

// ANCHOR: readable
/// Waits until at least one of `sockets` can be read without blocking (a
/// datagram, a pending connection, or an error or hang-up to collect), or
/// `timeout` passes (`None`: wait as long as it takes). Returns one flag
/// per socket, in order; all false after a timeout or a signal.
pub fn readable(sockets: &[BorrowedFd<'_>], timeout: Option<Duration>) -> io::Result<Vec<bool>> {
    let mut entries: Vec<PollFd<'_>> = sockets
        .iter()
        .map(|fd| PollFd::from_borrowed_fd(*fd, PollFlags::IN))
        .collect();
    let timeout = timeout.map(|t| Timespec {
        tv_sec: t.as_secs().min(i32::MAX as u64 / 1000) as _,
        tv_nsec: t.subsec_nanos() as _,
    });
    match rustix::event::poll(&mut entries, timeout.as_ref()) {
        Ok(_) => {}
        // A signal arrived during the wait: report nothing ready; the
        // caller's loop simply asks again.
        Err(rustix::io::Errno::INTR) => return Ok(vec![false; sockets.len()]),
        Err(e) => return Err(e.into()),
    }
    // `revents` holds what happened; anything at all means a read will not
    // block (an error or hang-up is read as an error or end of stream).
    Ok(entries.iter().map(|e| !e.revents().is_empty()).collect())
}
// ANCHOR_END: readable
