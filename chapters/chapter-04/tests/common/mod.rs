//! Starting a chapter-04 server in a thread for a test, and stopping it.

#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chapter_04::control::{Options, Stop};
use chapter_04::engine::{Engine, serve};
use chapter_04::session::Kind;

/// A server running in a thread; stopped and joined on drop.
pub struct Running {
    pub addr: SocketAddr,
    pub stop: Stop,
    thread: Option<JoinHandle<std::io::Result<()>>>,
    ended: Receiver<()>,
}

/// Starts `kind` sessions on `engine`, on 127.0.0.1 port 0.
pub fn start(engine: Engine, kind: Kind) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Stop::new();
    let s = stop.clone();
    let (done, ended) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let result = serve(engine, listener, kind, Options::default(), &s);
        let _ = done.send(());
        result
    });
    Running {
        addr,
        stop,
        thread: Some(thread),
        ended,
    }
}

impl Running {
    /// Waits (bounded) for the server to end by itself, e.g. after `.shutdown`:
    /// the server thread signals its end on a channel, so no polling.
    pub fn ended_within(&mut self, t: Duration) -> bool {
        if self.ended.recv_timeout(t).is_err() {
            return false;
        }
        self.thread.take().unwrap().join().unwrap().unwrap();
        true
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(t) = self.thread.take() {
            let r = t.join();
            if !std::thread::panicking() {
                r.unwrap().unwrap();
            }
        }
    }
}

/// How long a process test waits for anything.
pub const LIMIT: Duration = Duration::from_secs(20);

/// One of the chapter's servers running as a process, killed on drop.
pub struct Process {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    /// The address it printed (`... on 127.0.0.1:PORT ...`).
    pub addr: SocketAddr,
}

impl Process {
    /// Starts binary `name` with `args`; its first line names its address.
    pub fn start(name: &str, args: &[&str]) -> Process {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin(name))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let out = std::io::BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            out.lines()
                .map_while(Result::ok)
                .try_for_each(|l| tx.send(l))
        });
        let first = lines
            .recv_timeout(LIMIT)
            .expect("the server printed nothing");
        let addr = (first.split_whitespace())
            .find_map(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{name} printed {first:?}, with no address"));
        Process { child, lines, addr }
    }

    /// Lines printed until one contains `want` (bounded by [`LIMIT`]).
    pub fn until(&self, want: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(LIMIT) {
                Ok(l) if l.contains(want) => return seen,
                Ok(l) => seen.push(l),
                Err(_) => panic!("no line with {want:?}; saw {seen:#?}"),
            }
        }
    }

    /// Waits (bounded) for the process to exit by itself.
    pub fn exits(&mut self) -> std::process::ExitStatus {
        let until = Instant::now() + LIMIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
