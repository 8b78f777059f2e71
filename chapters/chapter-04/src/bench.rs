//! Measuring honestly: what both benchmarks of the book (chapter 4's
//! `engines_bench`, chapter 5's `web_bench`) share so that a figure cannot
//! flatter.
//!
//! - **The machine is described and its load recorded.** A benchmark on a
//!   machine that is compiling something else measures the compiler as much
//!   as the server. The 1-minute load average is read before and after
//!   (`/proc/loadavg`, Linux only; elsewhere it is reported as unknown). A
//!   machine is called *busy* when the load before the run is at least
//!   [`BUSY_PER_CORE`] per core: a quarter of every core is taken by others.
//!   Only "before" is judged: the benchmark itself keeps the cores busy, so
//!   "after" is high by design and shown for the record.
//! - **Rounds, not runs.** Contenders alternate round by round (so a slow
//!   minute hurts all of them alike), and a figure is the median of the
//!   rounds with their minimum and maximum ([`Spread`]) — never the best.
//! - **Nothing outlives it.** Every process a benchmark starts runs in a
//!   process group of its own ([`Group`]); the whole group is stopped at the
//!   end (a master killed alone leaves its workers running, busy in the next
//!   measurement), and [`Group::stop`] then checks that no member survived.
//!
//! # Layout
//! [`BUSY_PER_CORE`], [`Machine`], [`load_average`], [`Spread`], [`Group`],
//! [`tool_version`].

use std::io;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Load average per core at or above which the machine is called busy.
pub const BUSY_PER_CORE: f64 = 0.25;

/// The machine a benchmark ran on.
#[derive(Debug, Clone)]
pub struct Machine {
    /// Logical cores this process may use.
    pub cores: usize,
    /// The OS and kernel (`uname -sr`-like; the OS name alone off Linux).
    pub kernel: String,
}

impl Machine {
    /// This machine.
    pub fn here() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok();
        let kernel = match release {
            Some(r) => format!("{} {}", std::env::consts::OS, r.trim()),
            None => std::env::consts::OS.to_string(),
        };
        Machine { cores, kernel }
    }

    /// Whether a 1-minute load of `load` makes this machine busy.
    pub fn busy(&self, load: Option<f64>) -> bool {
        load.is_some_and(|l| l >= BUSY_PER_CORE * self.cores as f64)
    }
}

/// The 1-minute load average, where the OS says it cheaply (Linux); `None`
/// elsewhere, printed as "unknown".
pub fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Formats a load for people: two decimals or "unknown".
pub fn show_load(load: Option<f64>) -> String {
    load.map_or("unknown".into(), |l| format!("{l:.2}"))
}

/// Median, minimum and maximum of some rounds' figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The middle value (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (NaNs sort last); `None` when empty.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => v[n / 2],
            _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        };
        Some(Spread {
            median,
            min: v[0],
            max: v[n - 1],
        })
    }
}

/// A child process leading a process group of its own. Dropping it stops
/// the whole group.
pub struct Group {
    child: Child,
    stopped: bool,
}

impl Group {
    /// Starts `cmd` as the leader of a new process group (Unix; elsewhere a
    /// plain child, which [`Group::stop`] kills alone).
    pub fn spawn(mut cmd: Command) -> io::Result<Self> {
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        Ok(Group {
            child: cmd.spawn()?,
            stopped: false,
        })
    }

    /// The leader's process id, which is also the group's id on Unix.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The leader, for its pipes.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Waits at most `limit` for the leader to exit by itself; true if it did.
    pub fn wait_for(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            // Polling a child's exit: std has no wait with a timeout.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the group: SIGTERM (nginx's master then stops its workers), up
    /// to 5 s for the leader to go, then SIGKILL to whatever is left. Then
    /// checks that no process of the group survived: `Ok(true)` when none
    /// did, `Ok(false)` when the check is impossible here (not Unix).
    pub fn stop(&mut self) -> io::Result<bool> {
        self.stopped = true;
        self.stop_group()
    }

    #[cfg(unix)]
    fn stop_group(&mut self) -> io::Result<bool> {
        use rustix::process::{Pid, Signal, kill_process_group, test_kill_process_group};
        let Some(group) = Pid::from_raw(self.child.id() as i32) else {
            return Err(io::Error::other("process id 0"));
        };
        let _ = kill_process_group(group, Signal::TERM);
        self.wait_for(Duration::from_secs(5));
        let _ = kill_process_group(group, Signal::KILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Members other than the leader are not our children: poll, bounded,
        // until the kernel has reaped them (init adopts them once the leader
        // is gone). ESRCH means no process is left in the group.
        let deadline = Instant::now() + Duration::from_secs(5);
        while test_kill_process_group(group).is_ok() {
            if Instant::now() >= deadline {
                return Err(io::Error::other(format!(
                    "process group {group:?} still has members after SIGKILL"
                )));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(true)
    }

    #[cfg(not(unix))]
    fn stop_group(&mut self) -> io::Result<bool> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        Ok(false)
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !self.stopped {
            let _ = self.stop_group();
        }
    }
}

/// The first line a tool prints for `args` (on stdout or stderr: `nginx -v`
/// uses stderr), e.g. `tool_version("rustc", &["--version"])`; "unknown"
/// when it cannot be run.
pub fn tool_version(tool: &str, args: &[&str]) -> String {
    let Ok(out) = Command::new(tool).args(args).output() else {
        return "unknown".into();
    };
    let text = [out.stdout, out.stderr].concat();
    String::from_utf8_lossy(&text)
        .lines()
        .next()
        .unwrap_or("unknown")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_median_min_max() {
        let s = Spread::of(&[5.0, 1.0, 3.0, 4.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        assert_eq!(Spread::of(&[1.0, 2.0]).unwrap().median, 1.5);
        assert!(Spread::of(&[]).is_none());
    }

    #[test]
    fn busy_is_per_core() {
        let m = Machine {
            cores: 2,
            kernel: String::new(),
        };
        assert!(!m.busy(Some(0.49)) && m.busy(Some(0.5)) && !m.busy(None));
    }
}
