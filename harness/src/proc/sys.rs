//! The process calls `std` does not offer, per platform.
//!
//! On Unix (through `rustix`): the program leads a process group of its
//! own, its exit is watched without reaping it (`waitid(WNOWAIT)`), and the
//! whole group is killed (`killpg`).
//!
//! Windows has no process groups to kill and no `waitid`: the runner there
//! is reduced. Only the program itself is killed (`TerminateProcess`, which
//! `Child::kill` calls), not helpers it started, and its exit is noticed by
//! asking (`try_wait`) with a short pause, because `std` has no wait with a
//! timeout. An open process handle keeps the id from being reused, so
//! nothing else is needed there.
//!
//! # Layout
//! `own_group`, `ExitWatch`, `kill`, `stopped`, `signal`; each in `unix`
//! and in `other` (Windows; built on Unix too for its tests).

use std::process::{Child, Command, ExitStatus};
use std::time::Instant;

#[cfg(not(unix))]
pub(super) use other::*;
#[cfg(unix)]
pub(super) use unix::*;

#[cfg(unix)]
mod unix {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
    use std::thread;

    use rustix::io::Errno;
    use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, kill_process_group, waitid};

    use super::*;

    /// Puts the program in a new process group that it leads.
    pub(in crate::proc) fn own_group(command: &mut Command) {
        command.process_group(0);
    }

    /// Signals once the child has exited, without reaping it
    /// (`WNOWAIT`): it stays a zombie, and its process id and group id stay
    /// ours, until `Child::wait` reaps it.
    #[derive(Debug)]
    pub(in crate::proc) struct ExitWatch(Receiver<()>);

    impl ExitWatch {
        pub(in crate::proc) fn new(child: &Child) -> ExitWatch {
            let pid = Pid::from_child(child);
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
                // Any answer but an interruption means there is nothing left
                // to wait for (an error means the child is gone already).
                while let Err(Errno::INTR) = waitid(WaitId::Pid(pid), options) {}
                let _ = tx.send(());
            });
            ExitWatch(rx)
        }

        /// Whether the child exits before `until`.
        pub(in crate::proc) fn wait_until(&self, _child: &mut Child, until: Instant) -> bool {
            let left = until.saturating_duration_since(Instant::now());
            !matches!(self.0.recv_timeout(left), Err(RecvTimeoutError::Timeout))
        }
    }

    /// SIGKILLs every process in the group `child` leads. The leader is not
    /// reaped before this, so the group id still names our group. Errors
    /// (the group is gone already: `ESRCH`) are fine; true if it was sent.
    pub(in crate::proc) fn kill(child: &mut Child) -> bool {
        kill_process_group(Pid::from_child(child), Signal::KILL).is_ok()
    }

    /// Whether the status is that of our kill. Judged from the status, not
    /// from the exit watcher, which may not have reported an exit that
    /// happened just before the kill.
    pub(in crate::proc) fn stopped(status: ExitStatus, _killed: bool) -> bool {
        status.signal() == Some(Signal::KILL.as_raw())
    }

    /// The signal that ended the program, if one did.
    pub(in crate::proc) fn signal(status: ExitStatus) -> Option<i32> {
        status.signal()
    }
}

#[cfg(any(not(unix), test))]
mod other {
    use std::thread;
    use std::time::Duration;

    use super::*;

    /// Longest pause between two `try_wait`s: how late an exit is noticed.
    const MAX_PAUSE: Duration = Duration::from_millis(20);

    /// No process groups here: the program is alone.
    pub(in crate::proc) fn own_group(_command: &mut Command) {}

    /// Nothing to set up: the exit is asked for when waited on.
    #[derive(Debug)]
    pub(in crate::proc) struct ExitWatch;

    impl ExitWatch {
        pub(in crate::proc) fn new(_child: &Child) -> ExitWatch {
            ExitWatch
        }

        /// Whether the child exits before `until` (an error asking counts
        /// as exited: there is nothing left to wait for).
        pub(in crate::proc) fn wait_until(&self, child: &mut Child, until: Instant) -> bool {
            let mut pause = Duration::from_millis(1);
            loop {
                if !matches!(child.try_wait(), Ok(None)) {
                    return true;
                }
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return false;
                }
                thread::sleep(pause.min(left));
                pause = (pause * 2).min(MAX_PAUSE);
            }
        }
    }

    /// Kills the program (not what it started: no groups); true if it was
    /// still running.
    pub(in crate::proc) fn kill(child: &mut Child) -> bool {
        matches!(child.try_wait(), Ok(None)) && child.kill().is_ok()
    }

    /// `TerminateProcess` leaves exit code 1, which a program can exit
    /// with too: whether we killed a running program decides.
    pub(in crate::proc) fn stopped(_status: ExitStatus, killed: bool) -> bool {
        killed
    }

    /// No signals here.
    pub(in crate::proc) fn signal(_status: ExitStatus) -> Option<i32> {
        None
    }
}

/// The Windows runner's logic, checked on Unix with real children.
#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    use super::*;

    fn spawn(script: &str) -> Child {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        other::own_group(&mut command);
        command.spawn().unwrap()
    }

    #[test]
    fn the_reduced_runner_sees_an_exit_and_does_not_call_it_a_kill() {
        let mut child = spawn("exit 3");
        let watch = other::ExitWatch::new(&child);
        let until = Instant::now() + Duration::from_secs(20);
        assert!(watch.wait_until(&mut child, until), "the exit was seen");
        assert!(!other::kill(&mut child), "nothing left to kill");
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(3));
        assert!(!other::stopped(status, false));
        assert_eq!(other::signal(status), None);
    }

    #[test]
    fn the_reduced_runner_waits_no_longer_than_asked_then_kills() {
        let mut child = spawn("exec sleep 300");
        let watch = other::ExitWatch::new(&child);
        let start = Instant::now();
        assert!(!watch.wait_until(&mut child, start + Duration::from_millis(50)));
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "bounded by `until`"
        );
        assert!(other::kill(&mut child), "it was running");
        let status = child.wait().unwrap();
        assert!(other::stopped(status, true));
    }
}
