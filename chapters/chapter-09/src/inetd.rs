//! A small super-server in the manner of inetd and xinetd: it listens, and
//! for each connection runs a program with the socket as the program's
//! standard input and output.
//!
//! The program needs no socket code: it reads the client's bytes from
//! stdin, writes its replies to stdout, and when it exits the connection
//! closes. The super-server does the rest, as xinetd does:
//!
//! - the socket's descriptor is duplicated into the child's stdin and
//!   stdout (and stderr, with [`Service::stderr_to_socket`], as classic
//!   inetd does); the super-server then closes its own copy, so the
//!   connection ends exactly when the program's copies are closed;
//! - at most [`Service::max_children`] run at once (xinetd's `instances`);
//!   a connection beyond that is closed at once and logged as a `FAIL`;
//! - when `accept` fails for want of descriptors, the loop waits a little
//!   longer each time instead of spinning, and logs it once (`Backoff`);
//! - each child runs in a process group of its own with a time limit; at
//!   the limit, when the server stops, and after the child exits, the whole
//!   group is killed, so nothing it started (a shell script's `sleep &`)
//!   outlives the connection;
//! - each connection is logged as xinetd logs it (`log_on_success = PID
//!   HOST DURATION EXIT`): `START: name pid=N from=ADDR` and `EXIT: name
//!   status=S pid=N duration=D(sec)`.
//!
//! Unix only: process groups and descriptor passing are Unix ideas. The
//! workbook's harness has its own, separately written super-server (its
//! inetd peer), which the tests use as the reference.
//!
//! # Layout
//! [`Service`], [`Exit`] ([`Exit::log_line`]), [`serve`] (the accept
//! loop), `Backoff` (accept failures), `serve_one` (one connection),
//! `wait_for_exit`.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use chapter_03::poll::readable;
use chapter_03::server::Shutdown;
use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, kill_process_group, waitid};

/// One service, as an xinetd configuration entry describes it.
#[derive(Debug, Clone)]
pub struct Service {
    /// What the log calls it (the entry's `service` name).
    pub name: String,
    /// `server` and `server_args`: the program, then its arguments.
    pub argv: Vec<String>,
    /// `instances`: how many copies may run at the same time.
    pub max_children: usize,
    /// How long one copy may run before its process group is killed.
    pub time_limit: Duration,
    /// Whether stderr goes to the client too (classic inetd's way).
    pub stderr_to_socket: bool,
}

impl Service {
    /// A service running `argv`, at most 16 copies at once, each for at
    /// most a minute, stderr kept off the socket. (xinetd sets no limits
    /// unless told; a workbook's programs are better off with some.)
    pub fn new(name: &str, argv: Vec<String>) -> Self {
        let (max_children, time_limit) = (16, Duration::from_secs(60));
        let name = name.to_string();
        let stderr_to_socket = false;
        Service {
            name,
            argv,
            max_children,
            time_limit,
            stderr_to_socket,
        }
    }
}

/// How one connection's program ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    /// The child's process id.
    pub pid: u32,
    /// The client's address.
    pub peer: SocketAddr,
    /// How long the child ran.
    pub duration: Duration,
    /// Its exit code, if it exited by itself.
    pub status: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
}

impl Exit {
    /// xinetd's EXIT line: `status=N` for an exit, `signal=9` for a kill.
    pub fn log_line(&self, name: &str) -> String {
        let how = match (self.status, self.signal) {
            (Some(code), _) => format!("status={code}"),
            (_, Some(signal)) => format!("signal={signal}"),
            _ => "status=unknown".to_string(),
        };
        let secs = self.duration.as_secs();
        format!("EXIT: {name} {how} pid={} duration={secs}(sec)", self.pid)
    }
}

// ANCHOR: serve
/// Serves `service` on `listener` until `stop` is triggered: one child
/// process per connection, each on its own thread. Every log line goes to
/// `log`. Returns once every child is gone.
pub fn serve(
    listener: &TcpListener,
    service: &Service,
    stop: &Shutdown,
    log: &(dyn Fn(String) + Sync),
) -> io::Result<()> {
    listener.set_nonblocking(true)?; // See chapter 3: readiness can vanish.
    let children = AtomicUsize::new(0);
    // Scoped threads: `serve` cannot return while a connection is served.
    let mut trouble = Backoff::default();
    thread::scope(|scope| {
        loop {
            // While backing off, only `stop` is watched, for the wait.
            let watched = [stop.as_fd(), listener.as_fd()];
            let watched = &watched[..if trouble.wait.is_some() { 1 } else { 2 }];
            if readable(watched, trouble.wait)?[0] {
                return Ok(());
            }
            let (stream, from) = match listener.accept() {
                Ok(accepted) => {
                    trouble.over(&service.name, log);
                    accepted
                }
                Err(e) if Backoff::passing(&e) => continue,
                Err(e) => {
                    trouble.failed(&e, &service.name, log);
                    continue;
                }
            };
            if children.load(Ordering::SeqCst) >= service.max_children {
                log(format!(
                    "FAIL: {} service_limit from={}",
                    service.name,
                    from.ip()
                ));
                continue; // Dropping the stream closes the connection.
            }
            children.fetch_add(1, Ordering::SeqCst);
            let children = &children;
            // `Builder` reports a thread that cannot start (`scope.spawn`
            // would panic and end the server): that client is turned away.
            let started = thread::Builder::new().spawn_scoped(scope, move || {
                match serve_one(stream, from, service, stop, log) {
                    Ok(exit) => log(exit.log_line(&service.name)),
                    Err(e) => log(format!("FAIL: {} {e} from={}", service.name, from.ip())),
                }
                children.fetch_sub(1, Ordering::SeqCst);
            });
            if let Err(e) = started {
                log(format!("FAIL: {} {e} from={}", service.name, from.ip()));
                children.fetch_sub(1, Ordering::SeqCst);
            }
        }
    })
}
// ANCHOR_END: serve

/// What to do when `accept` fails. Most failures belong to one client
/// (it gave up while queued) or to readiness that vanished (chapter 3);
/// the next accept is fine. But out of descriptors (EMFILE, ENFILE) or
/// memory, the connection stays queued and the listener stays readable:
/// accepting again at once would spin at full speed, logging each failure.
/// So the loop waits, longer each time up to [`BACKOFF_MAX`], for children
/// to exit and free descriptors, and logs the trouble once per episode.
#[derive(Debug, Default)]
struct Backoff {
    wait: Option<Duration>,
}

/// The first and the longest wait after `accept` failed for want of a
/// resource.
const BACKOFF_FIRST: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_millis(500);

impl Backoff {
    /// Whether `e` belongs to one connection only (try the next at once).
    fn passing(e: &io::Error) -> bool {
        use io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted, WouldBlock};
        matches!(
            e.kind(),
            WouldBlock | Interrupted | ConnectionAborted | ConnectionReset
        )
    }

    /// An accept failed for want of a resource: wait, and say so once.
    fn failed(&mut self, e: &io::Error, name: &str, log: &(dyn Fn(String) + Sync)) {
        self.wait = Some(match self.wait {
            None => {
                log(format!("FAIL: {name} accept failed: {e}; waiting"));
                BACKOFF_FIRST
            }
            Some(wait) => (wait * 2).min(BACKOFF_MAX),
        });
    }

    /// An accept worked: the episode, if any, is over.
    fn over(&mut self, name: &str, log: &(dyn Fn(String) + Sync)) {
        if self.wait.take().is_some() {
            log(format!("{name}: accepting again"));
        }
    }
}

// ANCHOR: serve_one
/// Runs the program for one connection: the socket as its stdin and
/// stdout, in a process group of its own, until it exits, its time runs
/// out or the server stops; then kills the group and reaps the child.
fn serve_one(
    stream: TcpStream,
    from: SocketAddr,
    service: &Service,
    stop: &Shutdown,
    log: &(dyn Fn(String) + Sync),
) -> io::Result<Exit> {
    // Some systems hand out accepted sockets non-blocking, like the
    // listener; the program expects an ordinary, blocking stdin.
    stream.set_nonblocking(false)?;
    let copy = || stream.try_clone().map(|s| Stdio::from(OwnedFd::from(s)));
    let (program, args) = service
        .argv
        .split_first()
        .ok_or(io::ErrorKind::InvalidInput)?;
    let mut command = Command::new(program);
    command.args(args).stdin(copy()?).stdout(copy()?);
    if service.stderr_to_socket {
        command.stderr(copy()?);
    }
    // A new process group whose id is the child's pid: one kill ends
    // everything the program starts.
    let mut child = command.process_group(0).spawn()?;
    drop(command); // Our copies of the socket: only the child's remain.
    drop(stream);
    let started = Instant::now();
    log(format!(
        "START: {} pid={} from={}",
        service.name,
        child.id(),
        from.ip()
    ));
    let leader = Pid::from_child(&child);
    let waited = wait_for_exit(leader, started + service.time_limit, stop);
    // Whatever ended the wait (a failure to wait too), end the group. The
    // child is not reaped yet, so its pid still names our group only.
    let _ = kill_process_group(leader, Signal::KILL);
    let status = child.wait()?;
    waited?;
    Ok(Exit {
        pid: child.id(),
        peer: from,
        duration: started.elapsed(),
        status: status.code(),
        signal: status.signal(),
    })
}
// ANCHOR_END: serve_one

/// Waits until the child `pid` exits, `deadline` passes, or `stop` fires,
/// without reaping the child. A helper thread waits with `waitid(WNOWAIT)`
/// (which leaves the child for `Child::wait`) and then drops its end of a
/// socket pair; `poll` watches the other end together with `stop`.
fn wait_for_exit(pid: Pid, deadline: Instant, stop: &Shutdown) -> io::Result<()> {
    let (exited, watcher) = UnixStream::pair()?;
    thread::Builder::new().spawn(move || {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
        while let Err(rustix::io::Errno::INTR) = waitid(WaitId::Pid(pid), options) {}
        drop(watcher); // Its end closing makes `exited` readable.
    })?;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(()); // The time limit.
        }
        let ready = readable(&[exited.as_fd(), stop.as_fd()], Some(left))?;
        if ready.contains(&true) {
            return Ok(());
        }
    }
}
