//! A running program under test ([`Running`]): spawned in its own process
//! group, watched for exit, and killed with its whole group when finished or
//! dropped, so no child it started outlives the check.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use super::{Endpoint, Program, ProgramRun, capture, env_vars, substitute, watch_exit};

/// How long to wait for output pipes to close after the group was killed
/// (a grandchild that left the group could keep them open forever).
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// Longest pause between two connection attempts while a server starts.
const MAX_BACKOFF: Duration = Duration::from_millis(100);

/// Starts the program in a new process group with the endpoints' variables
/// and placeholders, stdout and stderr piped, stdin piped or null.
fn command(program: &Program, endpoints: &[Endpoint], stdin: bool) -> io::Result<Child> {
    let argv = substitute(&program.argv, endpoints);
    let (cmd, args) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let mut command = Command::new(cmd);
    command
        .args(args)
        .envs(env_vars(endpoints))
        .process_group(0);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if stdin { Stdio::piped() } else { Stdio::null() });
    if let Some(dir) = &program.cwd {
        command.current_dir(dir);
    }
    command
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot start `{cmd}`: {e}")))
}

/// A spawned program; finishing or dropping it kills its process group.
#[derive(Debug)]
pub struct Running {
    child: Option<Child>,
    pid: libc::pid_t,
    exit: Receiver<()>,
    exited: bool,
    stdout: Option<Receiver<Vec<u8>>>,
    stderr: Option<Receiver<Vec<u8>>>,
    started: Instant,
    deadline: Instant,
}

impl Running {
    /// Spawns `program` with the endpoints' variables and placeholders, `stdin`
    /// fed and then closed (`None`: no stdin), and a `time_limit`.
    pub fn spawn(
        program: &Program,
        endpoints: &[Endpoint],
        stdin: Option<Vec<u8>>,
        time_limit: Duration,
    ) -> io::Result<Running> {
        let mut child = command(program, endpoints, stdin.is_some())?;
        if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), stdin) {
            // A program that never reads stdin must not block the harness.
            thread::spawn(move || pipe.write_all(&bytes));
        }
        let pid = child.id() as libc::pid_t;
        let started = Instant::now();
        Ok(Running {
            stdout: child.stdout.take().map(capture),
            stderr: child.stderr.take().map(capture),
            exit: watch_exit(pid),
            child: Some(child),
            exited: false,
            pid,
            started,
            deadline: started + time_limit,
        })
    }

    /// When the time limit runs out.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Spawns a command whose stdio the caller has set up (the inetd
    /// super-server passes a socket as stdin and stdout) in a new process
    /// group, with a `time_limit`; output is captured only where piped.
    pub fn spawn_command(mut command: Command, time_limit: Duration) -> io::Result<Running> {
        let mut child = command.process_group(0).spawn()?;
        let pid = child.id() as libc::pid_t;
        let started = Instant::now();
        Ok(Running {
            stdout: child.stdout.take().map(capture),
            stderr: child.stderr.take().map(capture),
            exit: watch_exit(pid),
            child: Some(child),
            exited: false,
            pid,
            started,
            deadline: started + time_limit,
        })
    }

    /// The program's process id (also the id of its process group).
    pub fn pid(&self) -> u32 {
        self.pid as u32
    }

    /// Waits until the program exits or `until` passes; true if it exited.
    pub fn wait_exit_until(&mut self, until: Instant) -> bool {
        if !self.exited {
            let left = until.saturating_duration_since(Instant::now());
            self.exited = !matches!(self.exit.recv_timeout(left), Err(RecvTimeoutError::Timeout));
        }
        self.exited
    }

    /// Whether the program has exited already (does not block).
    pub fn has_exited(&mut self) -> bool {
        self.wait_exit_until(Instant::now())
    }

    /// Waits until something accepts connections on `addr`, retrying with a
    /// growing pause that is cut short if the program exits. Errors when the
    /// program exits first or the deadline passes.
    pub fn wait_accepting(&mut self, addr: SocketAddr, until: Instant) -> Result<(), String> {
        let mut pause = Duration::from_millis(5);
        loop {
            if self.has_exited() {
                return Err(format!(
                    "the program exited before accepting connections on {addr}"
                ));
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!("nothing accepted connections on {addr} in time"));
            }
            if TcpStream::connect_timeout(&addr, left.min(Duration::from_secs(1))).is_ok() {
                return Ok(());
            }
            // Not a fixed sleep: wakes at once if the program exits.
            self.wait_exit_until(Instant::now() + pause.min(left));
            pause = (pause * 2).min(MAX_BACKOFF);
        }
    }

    /// Waits for the program to exit by itself until its time limit, then
    /// kills its process group and collects the outcome.
    pub fn wait(mut self) -> ProgramRun {
        let timed_out = !self.wait_exit_until(self.deadline);
        let mut run = self.finish();
        run.timed_out = timed_out && run.stopped;
        run
    }

    /// Kills the process group now (if anything in it is still alive),
    /// reaps the program and collects its output.
    pub fn finish(mut self) -> ProgramRun {
        self.kill_group();
        let status = self.child.take().and_then(|mut c| c.wait().ok());
        // Judged from the status, not from the exit watcher, which may not
        // have reported an exit that happened just before the kill.
        let stopped = status.is_some_and(|s| s.signal() == Some(libc::SIGKILL));
        let elapsed = self.started.elapsed();
        let drain = |rx: Option<Receiver<Vec<u8>>>| {
            rx.and_then(|rx| rx.recv_timeout(DRAIN_GRACE).ok())
                .unwrap_or_default()
        };
        ProgramRun {
            status,
            timed_out: false,
            stopped,
            stdout: drain(self.stdout.take()),
            stderr: drain(self.stderr.take()),
            elapsed,
        }
    }

    /// SIGKILLs the whole group. The leader is not reaped before this, so
    /// the group id still names our group.
    fn kill_group(&mut self) {
        if self.child.is_some() {
            // SAFETY: plain syscall; ESRCH (group already gone) is fine.
            unsafe { libc::killpg(self.pid, libc::SIGKILL) };
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill_group();
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
    }
}
