//! A mini super-server in the manner of inetd and xinetd: it listens, and
//! for each connection runs a program with the socket as the program's
//! standard input and output (`workbook peer inetd -- PROGRAM [ARGS]`).
//!
//! The program needs no socket code: it reads requests from stdin and writes
//! replies to stdout, and when it exits the connection closes. The
//! super-server does the rest, as xinetd's `instances`, `per_source`-style
//! limits and `log_on_success = PID HOST DURATION` do:
//!
//! - the socket's file descriptor is duplicated into the child's stdin and
//!   stdout (stderr stays ours by default: diagnostics mixed into the
//!   protocol stream confuse clients; [`Service::stderr_to_socket`] does what
//!   inetd does);
//! - at most [`Service::max_children`] run at once (the peer framework's
//!   `max_conns`, so only connections with a running child count). One more
//!   evicts the child whose client has been silent the longest (on Linux,
//!   the kernel's `TCP_INFO` says when the client last sent data; elsewhere
//!   the oldest child goes), so a crowd of silent connections cannot lock
//!   a real client out; only when the framework finds none idle is a
//!   connection closed at once, with a note;
//! - each child runs in its own process group with a time limit; at the
//!   limit, when the peer stops, and after the child exits, the whole group
//!   is killed (`killpg`), so nothing it started outlives the connection;
//! - each connection is logged as xinetd logs it: `START: name pid=N
//!   from=ADDR` and `EXIT: name status=S pid=N duration=D(sec)`, as notes
//!   in the peer's transcript and as [`LogEntry`]s.
//!
//! The bytes the program exchanges with the client go through the socket
//! directly and are not in the transcript: the super-server never sees them.
//! The process handling (group, time limit, kill, reaping) is the
//! conformance runner's [`Running`], shared.
//!
//! Chapter 9 teaches a super-server of its own (`chapter_09::inetd`, the
//! `super_server` program). This one is the harness's independent copy,
//! the reference its tests run `echo_stdio` under and compare with; the two
//! share no code on purpose.
//!
//! Handing a socket to a child as its standard streams is a Unix thing: on
//! Windows [`start`] and the others return an error saying so
//! ([`NEEDS_UNIX`]).
//!
//! Layout: [`Service`], [`LogEntry`], [`Inetd`] ([`start`], [`start_on`]),
//! [`start_peer`] (for the named-peer registry); the per-connection work is
//! in `serve_one`; `idle`: how silent a client is (the first-byte grace,
//! `TCP_INFO`).

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fault::FaultPlan;
use crate::peer::{Conn, PeerConfig, PeerHandle, listen, spawn_on};
use crate::proc::{Running, exit_signal};
use crate::transcript::Event;

mod idle;

/// Why the super-server does not start on Windows (the error it returns there).
pub const NEEDS_UNIX: &str = "the inetd peer needs a Unix system (Linux or macOS): it passes the \
     socket as the child's stdin/stdout; on Windows use WSL";

/// Longest one wait for the child lasts before checking whether the peer
/// is stopping: how promptly a stop kills a child that ignores EOF.
const STOP_CHECK: Duration = Duration::from_millis(50);

/// The program to run per connection, and its limits.
#[derive(Debug, Clone)]
pub struct Service {
    /// The service name in the log (xinetd's `service` name).
    pub name: String,
    /// The program and its arguments.
    pub argv: Vec<String>,
    /// Extra environment variables for the program.
    pub env: Vec<(String, String)>,
    /// Working directory of the program (the super-server's when `None`).
    pub cwd: Option<PathBuf>,
    /// Most children at once (xinetd's `instances`).
    pub max_children: usize,
    /// Longest a child may run; then its process group is killed.
    pub time_limit: Duration,
    /// Connect the child's stderr to the socket too, as inetd does.
    pub stderr_to_socket: bool,
}

impl Service {
    /// A service running `argv` with the default limits: 16 children,
    /// 60 seconds each, stderr not on the socket.
    pub fn new(name: &str, argv: Vec<String>) -> Self {
        Service {
            name: name.into(),
            argv,
            env: Vec::new(),
            cwd: None,
            max_children: 16,
            time_limit: Duration::from_secs(60),
            stderr_to_socket: false,
        }
    }
}

/// One finished connection, as xinetd logs it.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// The child's process id.
    pub pid: u32,
    /// The client's address.
    pub peer: Option<SocketAddr>,
    /// How long the child ran.
    pub duration: Duration,
    /// Its exit code, if it exited normally.
    pub status: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// Whether the super-server killed it (time limit or stop).
    pub killed: bool,
}

type Log = Arc<Mutex<Vec<LogEntry>>>;

/// A running super-server. Dropping it stops it: every child's process
/// group is killed and every thread joined.
#[derive(Debug)]
pub struct Inetd {
    peer: PeerHandle,
    log: Log,
}

/// Binds `bind` and serves `service`.
pub fn start(bind: SocketAddr, service: Service) -> io::Result<Inetd> {
    start_on(listen(bind)?, service)
}

/// Serves `service` on an already-bound listener.
pub fn start_on(listener: TcpListener, service: Service) -> io::Result<Inetd> {
    start_with(listener, service, FaultPlan::none(), PeerConfig::default())
}

fn start_with(
    listener: TcpListener,
    service: Service,
    plan: FaultPlan,
    config: PeerConfig,
) -> io::Result<Inetd> {
    if cfg!(not(unix)) {
        return Err(io::Error::new(io::ErrorKind::Unsupported, NEEDS_UNIX));
    }
    if service.argv.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the inetd peer runs a program: workbook peer inetd -- PROGRAM [ARGS]",
        ));
    }
    let log: Log = Arc::default();
    let config = PeerConfig {
        max_conns: service.max_children.max(1),
        ..config
    };
    let shared = (Arc::new(service), log.clone());
    let name = format!("inetd {}", shared.0.name);
    let peer = spawn_on(&name, listener, plan, config, move |conn| {
        serve_one(conn, &shared.0, &shared.1)
    })?;
    Ok(Inetd { peer, log })
}

/// For the named-peer registry (`workbook peer inetd -- PROGRAM [ARGS]`):
/// the peer's idle timeout is the per-connection time limit.
pub fn start_peer(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    program: &[String],
) -> io::Result<PeerHandle> {
    let name = program
        .first()
        .map_or("inetd", |p| p.rsplit('/').next().unwrap_or(p));
    let mut service = Service::new(name, program.to_vec());
    service.time_limit = config.io_timeout;
    Ok(start_with(listen(bind)?, service, plan, config)?.peer)
}

impl Inetd {
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.peer.addr()
    }

    /// The peer handle (transcript with the START/EXIT notes).
    pub fn peer(&self) -> &PeerHandle {
        &self.peer
    }

    /// The connections finished so far.
    pub fn log(&self) -> Vec<LogEntry> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits until `n` connections have finished or `timeout` passes; true
    /// if they did (woken by the transcript, not by polling).
    pub fn wait_finished(&self, n: usize, timeout: Duration) -> bool {
        let exits = |events: &[Event]| {
            events
                .iter()
                .filter(|e| matches!(e, Event::Note { text, .. } if text.starts_with("EXIT: ")))
                .count()
        };
        self.peer.recorder().wait_for(timeout, |e| exits(e) >= n)
    }

    /// Stops, kills every child's group, joins; returns the whole log.
    pub fn stop(self) -> Vec<LogEntry> {
        let log = self.log.clone();
        drop(self.peer.stop());
        log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Runs the program for one connection: the socket as its stdin and stdout,
/// in its own process group, until it exits, its time runs out, or the
/// super-server stops; then kills the group and logs.
fn serve_one(conn: Conn, service: &Service, log: &Log) -> io::Result<()> {
    let socket = conn.socket().ok_or_else(|| io::Error::other("no socket"))?;
    // Silent so far, and evictable while it stays so.
    conn.idle_since(Instant::now());
    idle::await_first_byte(socket);
    if conn.evicted() || conn.stopping() {
        return Ok(()); // Made room for another before its program started.
    }
    // Timeouts are socket options, shared with the child's copies: clear
    // them, or the child's reads would fail after the peer's idle timeout.
    socket.set_read_timeout(None)?;
    socket.set_write_timeout(None)?;
    let mut command = Command::new(&service.argv[0]);
    command
        .args(&service.argv[1..])
        .envs(service.env.iter().cloned())
        .stdin(socket_stdio(socket)?)
        .stdout(socket_stdio(socket)?);
    if service.stderr_to_socket {
        command.stderr(socket_stdio(socket)?);
    }
    if let Some(dir) = &service.cwd {
        command.current_dir(dir);
    }
    let mut child = Running::spawn_command(command, service.time_limit)?;
    let (pid, from) = (child.pid(), conn.peer_addr());
    let shown = from.map_or("?".into(), |a| a.ip().to_string());
    conn.note(format!("START: {} pid={pid} from={shown}", service.name));
    let started = Instant::now();
    conn.idle_since(idle::silent_since(socket).unwrap_or(started));
    let deadline = child.deadline();
    while !child.wait_exit_until((Instant::now() + STOP_CHECK).min(deadline))
        && !conn.stopping()
        && !conn.evicted()
        && Instant::now() < deadline
    {
        // The child reads the socket, not the framework: tell it how long
        // the client has been silent, so a full super-server evicts the
        // right child.
        let silent = idle::silent_since(socket).unwrap_or(started);
        conn.idle_since(silent);
    }
    let run = child.finish();
    let entry = LogEntry {
        pid,
        peer: from,
        duration: started.elapsed(),
        status: run.status.and_then(|s| s.code()),
        signal: run.status.and_then(exit_signal),
        killed: run.stopped,
    };
    let line = exit_line(&service.name, &entry);
    // The log first: `wait_finished` wakes on the note and then reads it.
    log.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
    conn.note(line);
    Ok(())
}

/// A copy of the socket as a child's stdin, stdout or stderr.
#[cfg(unix)]
fn socket_stdio(socket: &TcpStream) -> io::Result<Stdio> {
    Ok(Stdio::from(std::os::fd::OwnedFd::from(socket.try_clone()?)))
}

/// Windows cannot hand a socket over as a child's standard stream.
#[cfg(not(unix))]
fn socket_stdio(_socket: &TcpStream) -> io::Result<Stdio> {
    Err(io::Error::new(io::ErrorKind::Unsupported, NEEDS_UNIX))
}

/// xinetd's EXIT line: `status=N` for an exit, `signal=9` for a kill.
fn exit_line(name: &str, e: &LogEntry) -> String {
    let how = match (e.status, e.signal) {
        (Some(code), _) => format!("status={code}"),
        (None, Some(signal)) => format!("signal={signal}"),
        (None, None) => "status=unknown".to_string(),
    };
    format!(
        "EXIT: {name} {how} pid={} duration={}(sec)",
        e.pid,
        e.duration.as_secs()
    )
}

#[cfg(all(test, not(unix)))]
mod tests {
    #[test]
    fn windows_gets_a_sentence_saying_what_to_use_instead() {
        let service = super::Service::new("echo", vec!["echo_stdio".into()]);
        let err = super::start("127.0.0.1:0".parse().unwrap(), service).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Unsupported);
        assert!(err.to_string().contains("WSL"), "{err}");
    }
}
