//! The one process runner: every program a check or a test starts runs
//! here, in its own process group, with a time limit, its output captured
//! (capped) or read line by line, and is killed with its whole group at the
//! end.
//!
//! The program may start helpers of its own (a shell script running `nc`, a
//! server forking per client), so the harness puts it in a fresh process group
//! (`process_group(0)`) and kills the whole group (`killpg`) on every way out:
//! normal end, time limit, and drop. The exit is watched with
//! `waitid(WNOWAIT)`, which does not reap: the group leader stays a zombie
//! until the group is killed, so its id cannot be reused by an unrelated
//! process in between. Those two calls go through `rustix` (`sys`), so
//! nothing here is `unsafe`. Windows gets a reduced runner: no process
//! groups, so only the program itself is killed (see `sys`).
//!
//! # Layout
//! - this file: what to run ([`Program`], [`Endpoint`], [`env_vars`],
//!   [`substitute`], [`shell_line`], [`free_port`], [`free_udp_port`]) and
//!   how it ended ([`ProgramRun`]).
//! - `child`: [`Running`], a spawned program (`workbook conform`'s
//!   programs, the inetd peer's per-connection children, the servers below).
//! - `capture`: the threads reading stdout and stderr; `sys`: the exit
//!   watcher and the group kill, per platform ([`exit_signal`]).
//! - `server`: [`ServerProgram`], a chapter's server program run by a test
//!   (its first line names its port), and [`PROGRAM_LIMIT`].
//! - `bins`: [`bin`] and [`assert_every_help`] for programs that run and end.

mod bins;
mod capture;
mod child;
mod server;
mod sys;

pub use bins::{BIN_LIMIT, assert_every_help, bin, groups_with_survivors};
pub use child::Running;
pub use server::{PROGRAM_LIMIT, ServerProgram};

use std::io;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::path::PathBuf;
use std::process::ExitStatus;
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

impl Program {
    /// `argv` run in the current directory.
    pub fn new<S: Into<String>>(argv: impl IntoIterator<Item = S>) -> Self {
        Program {
            argv: argv.into_iter().map(Into::into).collect(),
            cwd: None,
        }
    }
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

/// A UDP port on 127.0.0.1 that was free a moment ago.
pub fn free_udp_port() -> io::Result<u16> {
    Ok(UdpSocket::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The signal that ended a program, if one did (never on Windows).
pub fn exit_signal(status: ExitStatus) -> Option<i32> {
    sys::signal(status)
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
            Some(s) => match (s.code(), sys::signal(s)) {
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
