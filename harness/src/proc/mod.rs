//! Running the program under test: its own process group, a time limit,
//! addresses passed as environment variables and `{host}`/`{port}`
//! placeholders, captured (capped) stdout and stderr.
//!
//! The program may start helpers of its own (a shell script running `nc`, a
//! server forking per client), so the harness puts it in a fresh process group
//! (`process_group(0)`) and kills the whole group (`killpg`) on every way out:
//! normal end, time limit, and drop. The exit is watched with
//! `waitid(WNOWAIT)`, which does not reap: the group leader stays a zombie
//! until the group is killed, so its id cannot be reused by an unrelated
//! process in between.

mod child;

pub use child::Running;

use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::ExitStatus;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

/// Bytes of stdout and of stderr kept; the rest is read and dropped so the
/// program never blocks on a full pipe.
pub const CAPTURE_CAP: usize = 1 << 20;
/// Characters of each stderr line shown in a report.
pub const TAIL_LINE_CAP: usize = 300;

/// The program under test: a command line and where to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The command and its arguments, placeholders not yet substituted.
    pub argv: Vec<String>,
    /// Working directory (the current one when `None`).
    pub cwd: Option<PathBuf>,
}

/// An address handed to the program, e.g. `SMTP` → `SMTP_HOST`/`SMTP_PORT`
/// and `{smtp_host}`/`{smtp_port}`; the one named `WORKBOOK` also gives
/// `{host}`/`{port}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Upper-case name used for the variables.
    pub name: String,
    /// The address.
    pub addr: SocketAddr,
}

impl Endpoint {
    /// An endpoint named `name` at `addr`.
    pub fn new(name: &str, addr: SocketAddr) -> Self {
        Self {
            name: name.to_ascii_uppercase(),
            addr,
        }
    }
}

/// The environment variables for `endpoints`: `NAME_HOST` and `NAME_PORT`.
pub fn env_vars(endpoints: &[Endpoint]) -> Vec<(String, String)> {
    endpoints
        .iter()
        .flat_map(|e| {
            [
                (format!("{}_HOST", e.name), e.addr.ip().to_string()),
                (format!("{}_PORT", e.name), e.addr.port().to_string()),
            ]
        })
        .collect()
}

/// Replaces `{host}`, `{port}` (the `WORKBOOK` endpoint) and `{name_host}`,
/// `{name_port}` (any endpoint) in every argument.
pub fn substitute(argv: &[String], endpoints: &[Endpoint]) -> Vec<String> {
    let mut pairs = Vec::new();
    for e in endpoints {
        let (host, port) = (e.addr.ip().to_string(), e.addr.port().to_string());
        let lower = e.name.to_ascii_lowercase();
        if e.name == "WORKBOOK" {
            pairs.push(("{host}".to_string(), host.clone()));
            pairs.push(("{port}".to_string(), port.clone()));
        }
        pairs.push((format!("{{{lower}_host}}"), host));
        pairs.push((format!("{{{lower}_port}}"), port));
    }
    argv.iter()
        .map(|arg| pairs.iter().fold(arg.clone(), |a, (k, v)| a.replace(k, v)))
        .collect()
}

/// The command line as one would type it in a POSIX shell: arguments with
/// spaces or shell characters are single-quoted.
pub fn shell_line(argv: &[String]) -> String {
    let plain = |a: &str| {
        !a.is_empty()
            && a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%{}".contains(&b))
    };
    argv.iter()
        .map(|a| {
            if plain(a) {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A port on 127.0.0.1 that was free a moment ago, for a program that must
/// listen itself.
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// How a finished program ended and what it wrote.
#[derive(Debug, Clone, Default)]
pub struct ProgramRun {
    /// The exit status (`None` if it could not be collected).
    pub status: Option<ExitStatus>,
    /// Whether the harness killed it at the time limit.
    pub timed_out: bool,
    /// Whether it was still running when the harness ended it (at the time
    /// limit, or at the end of a server case).
    pub stopped: bool,
    /// Captured stdout (at most [`CAPTURE_CAP`] bytes).
    pub stdout: Vec<u8>,
    /// Captured stderr (at most [`CAPTURE_CAP`] bytes).
    pub stderr: Vec<u8>,
    /// Wall time from spawn to exit (or kill).
    pub elapsed: Duration,
}

impl ProgramRun {
    /// Whether it exited by itself with status 0.
    pub fn success(&self) -> bool {
        !self.timed_out && self.status.is_some_and(|s| s.success())
    }

    /// "exit status 3", "killed by signal 9", "killed at the time limit".
    pub fn describe_exit(&self) -> String {
        match self.status {
            _ if self.timed_out => "killed by the harness at the time limit".into(),
            _ if self.stopped => "still running at the end; stopped by the harness".into(),
            Some(s) => match (s.code(), s.signal()) {
                (Some(code), _) => format!("exit status {code}"),
                (None, Some(sig)) => format!("killed by signal {sig}"),
                _ => format!("{s}"),
            },
            None => "exit status unknown".into(),
        }
    }

    /// The last `lines` lines of stderr, lossily decoded, each cut to
    /// [`TAIL_LINE_CAP`] characters.
    pub fn stderr_tail(&self, lines: usize) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let all: Vec<&str> = text.lines().collect();
        let cut = |l: &&str| match l.char_indices().nth(TAIL_LINE_CAP) {
            Some((i, _)) => format!("{}…", &l[..i]),
            None => l.to_string(),
        };
        all[all.len().saturating_sub(lines)..]
            .iter()
            .map(cut)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads a pipe to its end, keeping the first [`CAPTURE_CAP`] bytes.
pub(super) fn capture(mut pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut kept, mut buf) = (Vec::new(), [0u8; 8192]);
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let room = CAPTURE_CAP - kept.len();
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = tx.send(kept);
    });
    rx
}

/// Signals on the returned channel once `pid` has exited, without reaping it.
pub(super) fn watch_exit(pid: libc::pid_t) -> Receiver<()> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        loop {
            // SAFETY: `info` is a plain C struct that waitid fills in.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            let flags = libc::WEXITED | libc::WNOWAIT;
            // SAFETY: waitid with a valid pointer; WNOWAIT leaves the child
            // for `Child::wait` to reap.
            let rc = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) };
            if rc == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                break;
            }
        }
        let _ = tx.send(());
    });
    rx
}
