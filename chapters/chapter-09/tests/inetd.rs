//! The chapter's super-server (`chapter_09::inetd` and `super_server`),
//! spoken to by the harness's TCP client helpers: the program gets the
//! socket as stdin and stdout, the log has xinetd's START and EXIT lines,
//! extra connections are turned away, and the time limit and stopping kill
//! the program's whole process group (the client then sees the connection
//! close, which only happens once every copy of the socket is gone).

#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use chapter_03::server::Shutdown;
use chapter_09::inetd::{Service, serve};
use harness::peer::client::{connect, read_to_close};
use harness::proc::ServerProgram;

/// Longest wait for one log line.
const WAIT: Duration = Duration::from_secs(20);
const ECHO: &str = env!("CARGO_BIN_EXE_echo_stdio");
const OPEN: &str = "Rust echo server opening / 09:40:56\r\n";
const CLOSE: &str = "Rust echo server closing / 09:40:56\r\n";

/// A super-server on a thread; stopped and joined when dropped.
struct Running {
    addr: SocketAddr,
    log: Receiver<String>,
    stop: Shutdown,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    fn start(argv: &[&str], tweak: impl FnOnce(&mut Service)) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut service = Service::new("test", argv.iter().map(|a| a.to_string()).collect());
        tweak(&mut service);
        let (tx, log) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        let stop = Shutdown::new().unwrap();
        let stopper = stop.clone();
        let thread = thread::spawn(move || {
            let log = |line: String| drop(tx.lock().unwrap().send(line));
            serve(&listener, &service, &stopper, &log)
        });
        Running {
            addr,
            log,
            stop,
            thread: Some(thread),
        }
    }

    /// The next log line.
    fn line(&self) -> String {
        self.log.recv_timeout(WAIT).expect("no log line in time")
    }

    /// Stops the server and waits (bounded) until it has returned.
    fn stop(&mut self) {
        self.stop.trigger();
        if let Some(t) = self.thread.take() {
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || tx.send(t.join()));
            let joined = rx.recv_timeout(WAIT).expect("serve did not return in time");
            joined.expect("serve panicked").expect("serve failed");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !thread::panicking() {
            self.stop();
        }
    }
}

fn echo_stdio() -> Running {
    Running::start(&[ECHO, "--time", "09:40:56"], |_| {})
}

#[test]
fn the_program_talks_to_the_client_and_each_connection_is_logged() {
    let server = echo_stdio();
    let mut s = connect(server.addr).unwrap();
    s.write_all(b"Hello\r\nagain\r\n\r\n").unwrap();
    let (all, err) = read_to_close(&mut s, 4096);
    assert!(err.is_none(), "{err:?}");
    let all = String::from_utf8(all).unwrap();
    assert_eq!(all, format!("{OPEN}Hello\r\nagain\r\n{CLOSE}"));
    let start = server.line();
    assert!(start.starts_with("START: test pid="), "{start}");
    assert!(start.ends_with(" from=127.0.0.1"), "{start}");
    let exit = server.line();
    assert!(exit.starts_with("EXIT: test status=0 pid="), "{exit}");
}

#[test]
fn connections_beyond_the_limit_are_closed_at_once() {
    let server = Running::start(&[ECHO, "--time", "09:40:56"], |s| s.max_children = 1);
    let mut first = connect(server.addr).unwrap();
    let mut greeting = BufReader::new(first.try_clone().unwrap());
    greeting.read_line(&mut String::new()).unwrap(); // Its program runs.
    let mut second = connect(server.addr).unwrap();
    assert_eq!(read_to_close(&mut second, 4096).0, b"");
    // The first child's START and the refusal are logged by different
    // threads, so either may come first.
    let mut lines = [server.line(), server.line()];
    lines.sort();
    assert_eq!(
        lines[0], "FAIL: test service_limit from=127.0.0.1",
        "{lines:?}"
    );
    assert!(lines[1].starts_with("START: test"), "{lines:?}");
    first.write_all(b"\r\n").unwrap();
    assert!(server.line().starts_with("EXIT: test status=0"));
}

#[test]
fn the_time_limit_kills_the_whole_group() {
    // The background `sleep` holds a copy of the socket as its stdout, so
    // the client sees the close only once it is dead too.
    let server = Running::start(&["sh", "-c", "sleep 300 & echo started; wait"], |s| {
        s.time_limit = Duration::from_millis(300)
    });
    let mut s = connect(server.addr).unwrap();
    let (all, err) = read_to_close(&mut s, 4096);
    assert_eq!((all, err.map(|e| e.kind())), (b"started\n".to_vec(), None));
    assert!(server.line().starts_with("START: test"));
    let exit = server.line();
    assert!(exit.starts_with("EXIT: test signal=9"), "{exit}");
}

#[test]
fn stopping_kills_every_running_program() {
    let mut server = Running::start(&["sh", "-c", "sleep 300 & echo started; wait"], |_| {});
    let mut s = connect(server.addr).unwrap();
    let mut line = String::new();
    BufReader::new(s.try_clone().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "started\n");
    server.stop();
    let (rest, err) = read_to_close(&mut s, 4096);
    assert!(rest.is_empty() && err.is_none(), "{rest:?} {err:?}");
}

#[test]
fn super_server_runs_echo_stdio_as_a_program() {
    let server = ServerProgram::start(
        "super_server",
        &["--port", "0", "--", ECHO, "--time", "09:40:56"],
    );
    let mut s = connect(server.addr()).unwrap();
    s.write_all(b"over the wire\n\n").unwrap();
    let all = String::from_utf8(read_to_close(&mut s, 4096).0).unwrap();
    assert_eq!(all, format!("{OPEN}over the wire\r\n{CLOSE}"));
    let start = server.line();
    let exit = server.line();
    assert!(start.starts_with("START: echo_stdio pid="), "{start}");
    assert!(exit.starts_with("EXIT: echo_stdio status=0"), "{exit}");
    // The log the book shows (`fixtures/super_server.log`), with the port
    // and the process id of this run written as the book's command gives.
    let pid = start
        .split_whitespace()
        .find_map(|w| w.strip_prefix("pid="))
        .unwrap_or_else(|| panic!("no pid in {start:?}"));
    let mut log = harness::golden::Session::default();
    log.shows(&format!("pid={pid}"), "pid=31461")
        .shows(&format!("127.0.0.1:{}", server.port), "127.0.0.1:23032")
        .shows(ECHO, "target/debug/echo_stdio")
        .output(&server.first_line)
        .output(&start)
        .output(&exit);
    log.assert_golden("fixtures/super_server.log");
}

/// The lowest descriptor number process `pid` has free (`/proc`).
fn lowest_free_fd(pid: u32) -> Option<u64> {
    let open: std::collections::HashSet<u64> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    (0..).find(|fd| !open.contains(fd))
}

#[test]
fn out_of_descriptors_the_super_server_waits_instead_of_spinning_and_says_so_once() {
    use harness::hostile::sys;
    use std::io::Read;
    let server = ServerProgram::start(
        "super_server",
        &["--port", "0", "--", ECHO, "--time", "09:40:56"],
    );
    let (addr, pid) = (server.addr(), server.pid());
    // Conversations running: each child holds two of the server's
    // descriptors (the wait for its exit), freed when it exits.
    let crowd: Vec<_> = (0..4)
        .map(|_| {
            let mut s = connect(addr).unwrap();
            let mut greeting = vec![0u8; OPEN.len()];
            s.read_exact(&mut greeting).unwrap();
            s
        })
        .collect();
    for _ in 0..4 {
        assert!(server.line().starts_with("START: "));
    }
    // Every descriptor number below the limit in use: the next accept fails.
    let Some(lowest) = lowest_free_fd(pid) else {
        harness::real::skip("no /proc here");
        return;
    };
    if let Err(e) = sys::limit_fds(pid, lowest) {
        harness::real::skip(&format!("cannot lower the server's descriptor limit: {e}"));
        return;
    }
    let mut queued = connect(addr).unwrap();
    queued.write_all(b"hello\n").unwrap();
    let before = sys::busy_time(pid);
    // Half a second in which the server cannot accept `queued`: what its
    // accept loop does meanwhile is waste.
    queued
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 64];
    assert!(queued.read(&mut buf).is_err(), "answered at once?");
    if let (Some(before), Some(after)) = (before, sys::busy_time(pid)) {
        let busy = after - before;
        assert!(
            busy < Duration::from_millis(350),
            "busy {busy:?} of 0.5 s: spinning?"
        );
    }
    // The conversations end, their children exit, descriptors are free.
    drop(crowd);
    queued.set_read_timeout(Some(WAIT)).unwrap();
    let mut greeting = vec![0u8; OPEN.len()];
    queued.read_exact(&mut greeting).unwrap();
    assert_eq!(greeting, OPEN.as_bytes());
    let lines = server.until("accepting again");
    let reports = lines.iter().filter(|l| l.contains("accept failed")).count();
    assert_eq!(reports, 1, "one report per episode: {lines:#?}");
}
