//! A server process seen from outside, on Linux through `/proc` (`None`
//! elsewhere, so a test can skip that part): how much memory it holds,
//! whether it spins, and lowering its limits to make it run out of
//! descriptors or threads on purpose.
//!
//! # Layout
//! [`rss_kib`], [`vm_size_kib`], [`busy_time`], [`limit_fds`],
//! [`threads`] and [`limit_threads`] ([`ThreadCap`]).

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

/// Threads of process `pid` (`Threads:` in `/proc/<pid>/status`).
pub fn threads(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Where cgroup v1's `pids` controller is mounted, on Linux.
const PIDS_CGROUP: &str = "/sys/fs/cgroup/pids";

/// Process `pid` held in a cgroup of its own that lets it have at most
/// `extra` more threads than it has now: the next `pthread_create` fails
/// with `EAGAIN`, exactly as when a machine is out of threads, and nothing
/// else does (unlike a capped address space, where a heap allocation may
/// fail first and abort the process). Needs a writable `pids` cgroup
/// (cgroup v1, as root); elsewhere an error a test can skip on. Dropping
/// it moves the process back and removes the cgroup.
pub fn limit_threads(pid: u32, extra: u64) -> io::Result<ThreadCap> {
    let now = threads(pid).ok_or_else(|| io::Error::other("no /proc/<pid>/status here"))?;
    let root = std::path::Path::new(PIDS_CGROUP);
    if !root.join("cgroup.procs").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("no cgroup v1 pids controller at {PIDS_CGROUP}"),
        ));
    }
    let dir = root.join(format!("workbook-cap-{pid}"));
    std::fs::create_dir_all(&dir)?;
    let cap = ThreadCap { pid, dir };
    std::fs::write(cap.dir.join("pids.max"), (now + extra).to_string())?;
    std::fs::write(cap.dir.join("cgroup.procs"), pid.to_string())?;
    Ok(cap)
}

/// A process held by [`limit_threads`], until dropped.
#[derive(Debug)]
pub struct ThreadCap {
    pid: u32,
    dir: std::path::PathBuf,
}

impl Drop for ThreadCap {
    fn drop(&mut self) {
        // Back to the top (if it still runs), so that the empty cgroup can
        // be removed.
        let top = std::path::Path::new(PIDS_CGROUP).join("cgroup.procs");
        let _ = std::fs::write(top, self.pid.to_string());
        let _ = std::fs::remove_dir(&self.dir);
    }
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
