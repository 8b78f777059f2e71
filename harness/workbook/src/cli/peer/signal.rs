//! Waiting for Ctrl-C (SIGINT) or SIGTERM with the self-pipe trick: the
//! signal handler only writes one byte to a socket (async-signal-safe);
//! the main thread blocks reading the other end, then stops the peers in
//! ordinary code.
//!
//! Layout: [`install`], [`wait`].

use std::io::{self, Read};
use std::os::fd::IntoRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicI32, Ordering};

/// The write end of the self-pipe, for the signal handler.
static SIGNAL_FD: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_signal(_signal: libc::c_int) {
    let fd = SIGNAL_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: write(2) is async-signal-safe; the buffer is a valid static
        // byte and `fd` stays open for the life of the process.
        unsafe { libc::write(fd, b"x".as_ptr().cast(), 1) };
    }
}

/// Routes SIGINT and SIGTERM to the returned socket.
pub(super) fn install() -> io::Result<UnixStream> {
    let (rx, tx) = UnixStream::pair()?;
    tx.set_nonblocking(true)?;
    // The write end lives until exit: the handler may run at any moment.
    SIGNAL_FD.store(tx.into_raw_fd(), Ordering::SeqCst);
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only loads an atomic and calls write(2).
        if unsafe { libc::signal(sig, handler) } == libc::SIG_ERR {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(rx)
}

/// Blocks until SIGINT or SIGTERM (waiting for a human has no time limit).
pub(super) fn wait(mut wake: UnixStream) {
    let mut byte = [0u8; 1];
    loop {
        match wake.read(&mut byte) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            _ => return,
        }
    }
}
