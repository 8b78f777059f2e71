//! The inetd-style super-server: one process per connection with the socket
//! as its stdin and stdout, a limit on children, a time limit that kills the
//! whole process group, xinetd-style logging, and no child left behind when
//! it stops.
//! Handing a socket over as stdin and stdout is Unix's: built on Unix only.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use harness::inetd::{Inetd, Service, start};
use harness::peer::client::{connect, read_n, read_to_close};
use harness::transcript::Event;

const WAIT: Duration = Duration::from_secs(20);

fn serve(argv: &[&str], tweak: impl FnOnce(&mut Service)) -> Inetd {
    let mut service = Service::new("test", argv.iter().map(|s| s.to_string()).collect());
    tweak(&mut service);
    start("127.0.0.1:0".parse().unwrap(), service).unwrap()
}

/// Reads one line (the program prints its own or a child's pid).
fn read_pid(s: &TcpStream) -> u32 {
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).unwrap();
    line.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a pid: {line:?}"))
}

/// Whether `pid` is a live process (a zombie, gone but not yet reaped by
/// init, counts as dead).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z'),
        Err(_) => false,
    }
}

/// Waits (bounded) until `pid` is gone.
fn gone(pid: u32) -> bool {
    let until = Instant::now() + WAIT;
    while Instant::now() < until {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn notes(inetd: &Inetd) -> Vec<String> {
    inetd
        .peer()
        .transcript()
        .events
        .into_iter()
        .filter_map(|e| match e {
            Event::Note { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

#[test]
fn runs_the_program_with_the_socket_as_stdin_and_stdout() {
    let inetd = serve(&["cat"], |_| {});
    let mut s = connect(inetd.addr()).unwrap();
    s.write_all(b"hello\r\n").unwrap();
    assert_eq!(read_n(&mut s, 7).unwrap(), b"hello\r\n");
    s.shutdown(Shutdown::Write).unwrap();
    let (rest, err) = read_to_close(&mut s, 1024);
    assert!(rest.is_empty() && err.is_none(), "{rest:?} {err:?}");
    assert!(inetd.wait_finished(1, WAIT));
    let log = inetd.log();
    assert_eq!(
        (log.len(), log[0].status, log[0].killed),
        (1, Some(0), false)
    );
    let notes = notes(&inetd);
    let start = format!("START: test pid={} from=127.0.0.1", log[0].pid);
    assert!(notes.contains(&start), "{notes:?}");
    let exit = format!("EXIT: test status=0 pid={} duration=0(sec)", log[0].pid);
    assert!(notes.iter().any(|n| n == &exit), "{notes:?}");
}

#[test]
fn runs_one_process_per_connection_at_the_same_time() {
    let inetd = serve(&["sh", "-c", "echo $$; exec cat"], |_| {});
    let (a, b) = (
        connect(inetd.addr()).unwrap(),
        connect(inetd.addr()).unwrap(),
    );
    let (pa, pb) = (read_pid(&a), read_pid(&b));
    assert_ne!(pa, pb);
    for mut s in [a, b] {
        s.write_all(b"x\n").unwrap();
        assert_eq!(read_n(&mut s, 2).unwrap(), b"x\n");
    }
    let log = inetd.stop();
    let mut pids: Vec<u32> = log.iter().map(|e| e.pid).collect();
    pids.sort();
    let mut want = vec![pa, pb];
    want.sort();
    assert_eq!(pids, want);
}

#[test]
fn a_full_super_server_evicts_the_child_whose_client_is_silent_longest() {
    let inetd = serve(&["cat"], |s| s.max_children = 1);
    let mut first = connect(inetd.addr()).unwrap();
    first.write_all(b"1\n").unwrap();
    assert_eq!(read_n(&mut first, 2).unwrap(), b"1\n");
    // The only child's client is silent now: a second client takes its place.
    let mut second = connect(inetd.addr()).unwrap();
    second.write_all(b"2\n").unwrap();
    assert_eq!(read_n(&mut second, 2).unwrap(), b"2\n");
    let (rest, _) = read_to_close(&mut first, 64);
    assert!(rest.is_empty(), "{rest:?}");
    assert!(inetd.wait_finished(1, WAIT));
    let notes = notes(&inetd);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("evicted: 1 connections open")),
        "{notes:?}"
    );
    // Its stdin ends (cat exits) or it is killed, whichever comes first.
    assert!(
        notes.iter().any(|n| n.starts_with("EXIT: test ")),
        "the evicted child ends: {notes:?}"
    );
}

#[test]
fn kills_the_whole_process_group_at_the_time_limit() {
    let inetd = serve(&["sh", "-c", "sleep 300 & echo $!; wait"], |s| {
        s.time_limit = Duration::from_secs(1)
    });
    let mut s = connect(inetd.addr()).unwrap();
    let grandchild = read_pid(&s);
    assert!(
        inetd.wait_finished(1, WAIT),
        "the child was not ended at its time limit"
    );
    let log = inetd.log();
    assert!(log[0].killed && log[0].signal == Some(9), "{log:?}");
    assert!(
        gone(grandchild),
        "the program's own child {grandchild} outlived the time limit"
    );
    let (_, err) = read_to_close(&mut s, 64);
    assert!(err.is_none(), "the connection was not closed: {err:?}");
    assert!(
        notes(&inetd)
            .iter()
            .any(|n| n.starts_with("EXIT: test signal=9"))
    );
}

#[test]
fn stopping_leaves_no_child_behind() {
    let inetd = serve(&["sh", "-c", "echo $$; sleep 300"], |_| {});
    let s = connect(inetd.addr()).unwrap();
    let child = read_pid(&s);
    assert!(alive(child));
    let started = Instant::now();
    drop(inetd);
    assert!(started.elapsed() < WAIT, "stopping waited for the child");
    assert!(gone(child), "child {child} outlived the super-server");
}

#[test]
fn connects_stderr_only_when_asked() {
    let script = ["sh", "-c", "echo to-stderr >&2; echo to-stdout"];
    let inetd = serve(&script, |s| s.stderr_to_socket = true);
    let mut s = connect(inetd.addr()).unwrap();
    let (all, _) = read_to_close(&mut s, 1024);
    assert_eq!(all, b"to-stderr\nto-stdout\n");
    // By default fd 2 is the super-server's own stderr, not the socket.
    let probe = "readlink /proc/$$/fd/2 | grep -q socket && echo on-socket || echo elsewhere";
    let inetd = serve(&["sh", "-c", probe], |_| {});
    let mut s = connect(inetd.addr()).unwrap();
    assert_eq!(read_to_close(&mut s, 1024).0, b"elsewhere\n");
}

#[test]
fn a_program_that_cannot_start_ends_only_its_connection() {
    let inetd = serve(&["/no/such/program"], |_| {});
    for _ in 0..2 {
        let mut s = connect(inetd.addr()).unwrap();
        let (rest, _) = read_to_close(&mut s, 64);
        assert!(rest.is_empty());
    }
    let notes = notes(&inetd);
    assert!(
        notes
            .iter()
            .filter(|n| n.contains("connection ended with an error"))
            .count()
            >= 1,
        "{notes:?}"
    );
}

#[test]
fn refuses_an_empty_command() {
    let err = start("127.0.0.1:0".parse().unwrap(), Service::new("x", vec![])).unwrap_err();
    assert!(err.to_string().contains("PROGRAM"), "{err}");
}
