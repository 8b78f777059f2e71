//! Process resources for big swarms: the descriptor limit, open
//! descriptors and peak memory (Linux `/proc`; `None` elsewhere).
//!
//! # Layout
//! [`raise_fd_limit`] (through `rustix` on Unix; Windows has no such limit
//! on sockets), [`open_fds`], [`peak_rss_kib`].

use std::io;

/// Raises the soft `RLIMIT_NOFILE` to `want` (or the hard limit, if lower);
/// returns the new soft limit.
#[cfg(unix)]
pub fn raise_fd_limit(want: u64) -> io::Result<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut lim = getrlimit(Resource::Nofile);
    // `None` is RLIM_INFINITY: no limit on that side.
    let target = lim.maximum.map_or(want, |max| want.min(max));
    match lim.current {
        Some(current) if current < target => {
            lim.current = Some(target);
            setrlimit(Resource::Nofile, lim)?;
            Ok(target)
        }
        current => Ok(current.unwrap_or(u64::MAX)),
    }
}

/// Windows limits sockets by memory only, not by a per-process count a
/// program could raise: there is nothing to do, and no limit to report.
#[cfg(not(unix))]
pub fn raise_fd_limit(_want: u64) -> io::Result<u64> {
    Ok(u64::MAX)
}

/// How many descriptors this process has open.
pub fn open_fds() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count())
}

/// Peak resident memory of this process in KiB (`VmHWM`).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
