//! A running program under test ([`Running`]): spawned in its own process
//! group, watched for exit, and killed with its whole group when finished or
//! dropped, so no child it started outlives the check (on Unix; on Windows
//! only the program itself is killed, see `sys`).
//!
//! # Layout
//! `command` (a [`Program`] as a `Command`), [`Running`]: the three ways to
//! start one, the waits (exit, accepting, answering), [`Running::finish`].

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use super::capture::capture;
use super::sys::{self, ExitWatch};
use super::{Endpoint, Program, ProgramRun, env_vars, substitute};

/// How long to wait for output pipes to close after the group was killed
/// (a grandchild that left the group could keep them open forever).
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// Longest pause between two connection attempts while a server starts.
const MAX_BACKOFF: Duration = Duration::from_millis(100);

/// The program as a command with the endpoints' variables and
/// placeholders, stdout and stderr piped, stdin piped or null.
fn command(program: &Program, endpoints: &[Endpoint], stdin: bool) -> io::Result<Command> {
    let argv = substitute(&program.argv, endpoints);
    let (cmd, args) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let mut command = Command::new(cmd);
    command.args(args).envs(env_vars(endpoints));
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if stdin { Stdio::piped() } else { Stdio::null() });
    if let Some(dir) = &program.cwd {
        command.current_dir(dir);
    }
    Ok(command)
}

/// A spawned program; finishing or dropping it kills its process group.
#[derive(Debug)]
pub struct Running {
    child: Option<Child>,
    pid: u32,
    exit: ExitWatch,
    exited: bool,
    killed: bool,
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
        let command = command(program, endpoints, stdin.is_some())?;
        let mut running = Running::start(command, time_limit, None).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot start `{}`: {e}", program.argv[0]))
        })?;
        let pipe = running.child.as_mut().and_then(|c| c.stdin.take());
        if let (Some(mut pipe), Some(bytes)) = (pipe, stdin) {
            // A program that never reads stdin must not block the harness.
            thread::spawn(move || pipe.write_all(&bytes));
        }
        Ok(running)
    }

    /// Spawns a command whose stdio the caller has set up (the inetd
    /// super-server passes a socket as stdin and stdout) in a new process
    /// group, with a `time_limit`; output is captured only where piped.
    pub fn spawn_command(command: Command, time_limit: Duration) -> io::Result<Running> {
        Running::start(command, time_limit, None)
    }

    /// Like [`Running::spawn_command`], and stdout (which must be piped)
    /// also comes line by line on the returned channel as it is printed.
    pub fn spawn_reading_lines(
        command: Command,
        time_limit: Duration,
    ) -> io::Result<(Running, Receiver<String>)> {
        let (tx, lines) = mpsc::channel();
        Ok((Running::start(command, time_limit, Some(tx))?, lines))
    }

    fn start(
        mut command: Command,
        time_limit: Duration,
        lines: Option<Sender<String>>,
    ) -> io::Result<Running> {
        sys::own_group(&mut command);
        let mut child = command.spawn()?;
        let started = Instant::now();
        Ok(Running {
            stdout: child.stdout.take().map(|pipe| capture(pipe, lines)),
            stderr: child.stderr.take().map(|pipe| capture(pipe, None)),
            exit: ExitWatch::new(&child),
            pid: child.id(),
            child: Some(child),
            exited: false,
            killed: false,
            started,
            deadline: started + time_limit,
        })
    }

    /// When the time limit runs out.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// The program's process id (on Unix also the id of its process group).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits until the program exits or `until` passes; true if it exited.
    pub fn wait_exit_until(&mut self, until: Instant) -> bool {
        if !self.exited
            && let Some(child) = self.child.as_mut()
        {
            self.exited = self.exit.wait_until(child, until);
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
        let exited = format!("the program exited before accepting connections on {addr}");
        let late = format!("nothing accepted connections on {addr} in time");
        self.wait_ready(until, [exited, late], |left, _| {
            TcpStream::connect_timeout(&addr, left.min(Duration::from_secs(1))).is_ok()
        })
    }

    /// The UDP counterpart of [`Running::wait_accepting`]: sends a small
    /// datagram to `addr` until an answer comes back.
    pub fn wait_answering(&mut self, addr: SocketAddr, until: Instant) -> Result<(), String> {
        let probe = UdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.connect(addr).map(|()| s))
            .map_err(|e| format!("the harness cannot open a UDP socket: {e}"))?;
        let exited = format!("the program exited before answering datagrams on {addr}");
        let late = format!("nothing answered a datagram sent to {addr} in time");
        self.wait_ready(until, [exited, late], |_, pause| {
            // Before the server binds, the kernel answers with ICMP port
            // unreachable, which a connected socket reports as a refused
            // receive: that is "not yet", like a refused TCP connect.
            let _ = probe.send(b"probe");
            let _ = probe.set_read_timeout(Some(pause.max(Duration::from_millis(1))));
            probe.recv(&mut [0u8; 64]).is_ok()
        })
    }

    /// Calls `probe(time left, pause)` until it says yes, pausing between
    /// tries for a growing while that is cut short if the program exits.
    /// Errors with `why[0]` when the program exits first, `why[1]` when
    /// `until` passes.
    fn wait_ready(
        &mut self,
        until: Instant,
        why: [String; 2],
        mut probe: impl FnMut(Duration, Duration) -> bool,
    ) -> Result<(), String> {
        let [exited, late] = why;
        let mut pause = Duration::from_millis(5);
        loop {
            if self.has_exited() {
                return Err(exited);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(late);
            }
            if probe(left, pause.min(left)) {
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
        let stopped = status.is_some_and(|s| sys::stopped(s, self.killed));
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

    /// Kills the whole group (on Windows the program alone).
    fn kill_group(&mut self) {
        if let Some(child) = self.child.as_mut() {
            self.killed |= sys::kill(child);
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
