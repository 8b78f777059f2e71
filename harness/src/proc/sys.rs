//! The two process calls `std` does not offer, through `rustix`: waiting
//! for an exit without reaping, and killing a whole process group.
//!
//! # Layout
//! [`watch_exit`], [`kill_group`], [`KILL`].

use std::process::Child;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use rustix::io::Errno;
use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, kill_process_group, waitid};

/// The signal number of SIGKILL, as an exit status reports it.
pub(super) const KILL: i32 = Signal::KILL.as_raw();

/// Signals on the returned channel once `child` has exited, without
/// reaping it (`WNOWAIT`): it stays a zombie, and its process id and group
/// id stay ours, until `Child::wait` reaps it.
pub(super) fn watch_exit(child: &Child) -> Receiver<()> {
    let pid = Pid::from_child(child);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
        // Any answer but an interruption means there is nothing left to wait
        // for (an error means the child is gone already).
        while let Err(Errno::INTR) = waitid(WaitId::Pid(pid), options) {}
        let _ = tx.send(());
    });
    rx
}

/// SIGKILLs every process in the group `leader` leads. Errors (the group is
/// gone already: `ESRCH`) are fine.
pub(super) fn kill_group(leader: Pid) {
    let _ = kill_process_group(leader, Signal::KILL);
}
