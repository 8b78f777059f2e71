//! Running `workbook peer room` (or any `workbook peer`) as a child
//! process: its banner parsed, its output on channels, every wait bounded,
//! stopped by SIGTERM.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use harness::mail::{Account, Accounts};
use rustix::process::{Pid, Signal, kill_process};

pub const LIMIT: Duration = Duration::from_secs(30);
pub const SERVICES: [&str; 4] = ["smtp", "pop3", "http", "dns"];

pub fn class_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/classroom/accounts.toml")
}

pub fn class() -> Vec<Account> {
    Accounts::load(&class_file()).unwrap().list
}

pub fn workbook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_workbook"));
    c.env("NO_COLOR", "1")
        .env_remove("SMTP_USER")
        .env_remove("POP3_USER");
    c
}

/// Lines of `out`, read on a thread, arriving on a channel.
fn lines_of(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A running room: its services' addresses and the banner's `# store:`.
pub struct Room {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    addrs: HashMap<String, SocketAddr>,
    pub store: PathBuf,
}

/// Starts a room for the class; panics if it does not start.
pub fn start(extra: &[&str]) -> Room {
    try_start(extra).unwrap_or_else(|err| panic!("the room did not start:\n{err}"))
}

/// Starts a room for the class; its stderr if it exits before its banner
/// names all four services.
pub fn try_start(extra: &[&str]) -> Result<Room, String> {
    let mut child = workbook()
        .args(["peer", "room", "--accounts"])
        .arg(class_file())
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    let mut room = Room {
        child,
        stdout,
        stderr,
        addrs: HashMap::new(),
        store: PathBuf::new(),
    };
    // Bounded: the banner is a few lines; each waits at most LIMIT.
    for _ in 0..20 {
        let Some(line) = room.next_line() else {
            let _ = wait_bounded(room.child);
            return Err(room.stderr.iter().collect::<Vec<_>>().join("\n"));
        };
        room.read_banner(&line);
        if room.addrs.len() == SERVICES.len() {
            return Ok(room);
        }
    }
    panic!(
        "the room's banner did not name all four services: {:?}",
        room.addrs
    );
}

impl Room {
    pub fn addr(&self, service: &str) -> SocketAddr {
        self.addrs[service]
    }

    /// The next line of stdout; `None` once the room has exited.
    fn next_line(&mut self) -> Option<String> {
        match self.stdout.recv_timeout(LIMIT) {
            Ok(line) => Some(line),
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("workbook peer room printed nothing for {LIMIT:?}")
            }
        }
    }

    /// Notes the store and the services' addresses a banner line gives.
    fn read_banner(&mut self, line: &str) {
        if let Some(store) = line.strip_prefix("# store: ") {
            self.store = PathBuf::from(store);
        }
        if let Some((name, addr)) = line.strip_prefix("# ").and_then(|l| l.split_once(": "))
            && SERVICES.contains(&name)
        {
            self.addrs.insert(name.to_string(), addr.parse().unwrap());
        }
    }

    /// SIGTERM, then the exit status, the rest of stdout, and stderr.
    pub fn terminate(self) -> (ExitStatus, Vec<String>, String) {
        // A child we started and have not reaped: the id is still its.
        kill_process(Pid::from_child(&self.child), Signal::TERM).unwrap();
        let status = wait_bounded(self.child);
        let rest = self.stdout.iter().collect();
        let err: Vec<String> = self.stderr.iter().collect();
        (status, rest, err.join("\n"))
    }
}

/// Waits for `child` at most LIMIT, killing it if it does not exit.
fn wait_bounded(mut child: Child) -> ExitStatus {
    let pid = Pid::from_child(&child);
    let (tx, rx) = channel();
    std::thread::spawn(move || tx.send(child.wait()).ok());
    rx.recv_timeout(LIMIT)
        .unwrap_or_else(|_| {
            // Not reaped yet (the wait did not return): force it.
            let _ = kill_process(pid, Signal::KILL);
            panic!("workbook peer did not exit within {LIMIT:?}");
        })
        .unwrap()
}

/// Runs `workbook peer ARGS` that must fail at once: (exit code, stderr).
pub fn fails(args: &[&str]) -> (Option<i32>, String) {
    let mut child = workbook()
        .arg("peer")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = lines_of(child.stderr.take().unwrap());
    let status = wait_bounded(child);
    (status.code(), err.iter().collect::<Vec<_>>().join("\n"))
}
