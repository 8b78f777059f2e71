//! A server process seen from outside, on Linux through `/proc` (`None`
//! elsewhere, so a test can skip that part): how much memory it holds,
//! whether it spins, and lowering its limits to make it run out of
//! descriptors or address space on purpose.
//!
//! # Layout
//! [`rss_kib`], [`vm_size_kib`], [`busy_time`], [`limit_fds`],
//! [`limit_address_space`].

use std::io;
use std::time::Duration;

#[cfg(target_os = "linux")]
use rustix::process::{Pid, Resource, Rlimit, prlimit};

/// Resident memory of process `pid` in KiB (`VmRSS`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS:")
}

/// Address space of process `pid` in KiB (`VmSize`).
pub fn vm_size_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmSize:")
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// How long the main thread of process `pid` has been running or ready to
/// run (`/proc/<pid>/schedstat`: time on a CPU plus time waiting for one).
/// A thread that spins is ready all the time, however little CPU a loaded
/// machine gives it; one that waits for an event or a timer is not. So,
/// unlike CPU time, this tells spinning from sleeping on a busy machine.
pub fn busy_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let mut fields = stat.split_whitespace().map(|f| f.parse::<u64>().ok());
    let (ran, waited) = (fields.next()??, fields.next()??);
    Some(Duration::from_nanos(ran + waited))
}

/// Lowers process `pid`'s descriptor limit (soft and hard) to `n`
/// (Linux only: elsewhere an `Unsupported` error a test can skip on).
pub fn limit_fds(pid: u32, n: u64) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    return set(pid, Resource::Nofile, n);
    #[cfg(not(target_os = "linux"))]
    return unsupported(pid, n);
}

/// Lowers process `pid`'s address-space limit (soft and hard) to `bytes`:
/// memory allocations and new threads' stacks then fail beyond it (Linux
/// only, like [`limit_fds`]).
pub fn limit_address_space(pid: u32, bytes: u64) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    return set(pid, Resource::As, bytes);
    #[cfg(not(target_os = "linux"))]
    return unsupported(pid, bytes);
}

#[cfg(not(target_os = "linux"))]
fn unsupported(_pid: u32, _n: u64) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "lowering another process's limits needs Linux (prlimit)",
    ))
}

#[cfg(target_os = "linux")]
fn set(pid: u32, resource: Resource, n: u64) -> io::Result<()> {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| io::Error::other("not a process id"))?;
    let limit = Rlimit {
        current: Some(n),
        maximum: Some(n),
    };
    prlimit(Some(pid), resource, limit)?;
    Ok(())
}
