//! Starting a chapter-04 server in a thread for a test, and stopping it.

#![allow(dead_code, unused_imports)] // each test file uses part of this module

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::Duration;

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
pub use harness::proc::ServerProgram as Process;
