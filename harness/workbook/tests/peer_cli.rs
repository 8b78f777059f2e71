//! `workbook peer`: run by hand, driven with `nc`, stopped with Ctrl-C
//! (SIGINT), and replayable from a printed seed. Signals are Unix's, so
//! these tests are built on Unix only.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use harness::peer::client::{connect, hang_up, read_n};
use harness::pop3::client::Pop3Client;
use harness::smtp::client::SmtpClient;
use rustix::process::{Pid, Signal, kill_process};

const LIMIT: Duration = Duration::from_secs(30);

fn workbook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_workbook"));
    c.env("NO_COLOR", "1");
    c
}

/// A running `workbook peer`, its stdout lines arriving on a channel.
struct Running {
    child: Child,
    lines: Receiver<String>,
    addr: SocketAddr,
}

fn start(args: &[&str]) -> Running {
    let mut child = workbook()
        .arg("peer")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, lines) = channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut r = Running {
        child,
        lines,
        addr: "0.0.0.0:0".parse().unwrap(),
    };
    // Bounded: the banner is a few lines; each waits at most LIMIT.
    for _ in 0..10 {
        let line = r.next_line();
        if let Some(a) = line.strip_prefix("# listening: ") {
            r.addr = a.parse().unwrap();
            return r;
        }
    }
    panic!("no `# listening:` line from workbook peer");
}

impl Running {
    fn next_line(&mut self) -> String {
        self.lines.recv_timeout(LIMIT).unwrap_or_else(|_| {
            let _ = self.child.kill();
            panic!("workbook peer printed nothing for {LIMIT:?}")
        })
    }

    /// Sends SIGINT (as Ctrl-C does) and returns the exit status and the rest of stdout.
    fn interrupt(self) -> (ExitStatus, Vec<String>) {
        // A child we started and have not reaped: the id is still its.
        let pid = Pid::from_child(&self.child);
        kill_process(pid, Signal::INT).unwrap();
        let (tx, rx) = channel();
        let mut child = self.child;
        std::thread::spawn(move || tx.send(child.wait()).ok());
        let status = match rx.recv_timeout(LIMIT) {
            Ok(s) => s.unwrap(),
            Err(_) => {
                // The peer ignored SIGINT, so force it.
                let _ = kill_process(pid, Signal::KILL);
                panic!("workbook peer did not stop within {LIMIT:?} of SIGINT");
            }
        };
        let rest: Vec<String> = self.lines.iter().collect();
        (status, rest)
    }
}

fn nc_available() -> bool {
    // `nc -h` exits non-zero on some netcats, so probe with `command -v`.
    harness::real::available("nc (netcat)", &["sh", "-c", "command -v nc"])
}

#[test]
fn echo_peer_driven_by_nc_and_stopped_by_ctrl_c() {
    if !nc_available() {
        return;
    }
    let running = start(&["echo", "--port", "0"]);
    let port = running.addr.port().to_string();
    let mut nc = Command::new("nc")
        .args(["127.0.0.1", &port])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    nc.stdin
        .as_mut()
        .unwrap()
        .write_all(b"hello nc\r\n")
        .unwrap();
    let (tx, rx) = channel();
    let mut nc_out = nc.stdout.take().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 10];
        tx.send(nc_out.read_exact(&mut buf).map(|()| buf.to_vec()))
            .ok();
    });
    let echoed = rx.recv_timeout(LIMIT);
    drop(nc.stdin.take());
    let _ = nc.kill();
    let _ = nc.wait();
    assert_eq!(
        echoed.expect("nc got no echo in time").unwrap(),
        b"hello nc\r\n"
    );
    let (status, rest) = running.interrupt();
    assert!(status.success(), "exit status {status}");
    let out = rest.join("\n");
    assert!(out.contains("1 C> \"hello nc\\r\\n\""), "{out}");
    assert!(out.contains("1 S> \"hello nc\\r\\n\""), "{out}");
    assert!(
        out.contains(
            "# stopped: 1 connection(s), 10 bytes from clients, 10 bytes from the peer, seed 0"
        ),
        "{out}"
    );
}

/// The event lines of one scripted session with a seeded fault plan.
fn seeded_session(seed: &str) -> Vec<String> {
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/faults/random-chop-delay.toml"
    );
    let running = start(&["echo", "--faults", plan, "--seed", seed]);
    let mut s = connect(running.addr).unwrap();
    for line in [&b"first line\r\n"[..], b"second, longer line\r\n"] {
        s.write_all(line).unwrap();
        assert_eq!(read_n(&mut s, line.len()).unwrap(), line);
    }
    hang_up(s);
    let (status, rest) = running.interrupt();
    assert!(status.success());
    rest.into_iter()
        .filter(|l| l.starts_with("1 S>") || l.starts_with("# stopped"))
        .collect()
}

#[test]
fn the_same_seed_prints_the_same_transcript() {
    let first = seeded_session("99");
    assert!(first.len() > 5, "random chopping expected: {first:?}");
    assert_eq!(first, seeded_session("99"));
    assert!(first.last().unwrap().ends_with("seed 99"));
}

#[test]
fn list_and_unknown_peer() {
    let out = workbook().args(["peer", "--list"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("echo "));
    let out = workbook().args(["peer", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no peer called \"nope\"") && err.contains("echo"),
        "{err}"
    );
    let out = workbook()
        .args(["peer", "echo", "--faults", "/nonexistent.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.toml"));
}

#[test]
fn smtp_and_pop3_take_accounts_and_a_store_from_the_command_line() {
    let class = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/classroom/accounts.toml"
    );
    let store = tempfile::tempdir().unwrap();
    let dir = store.path().to_str().unwrap();
    let smtp = start(&["smtp", "--accounts", class, "--store", dir]);
    let (mut c, _) = SmtpClient::connect(smtp.addr).unwrap();
    assert_eq!(c.login("learner03", "cedar-comet").unwrap().code, 235);
    let to = ["learner04@class.test"];
    let sent = c.send_mail("learner03@class.test", &to, "Subject: hi\n\nfrom 3\n");
    assert_eq!(sent.unwrap().code, 250);
    c.quit().unwrap();
    assert!(smtp.interrupt().0.success());
    let stored = store.path().join("learner04/0001.eml");
    assert!(stored.is_file(), "{stored:?}");
    let pop3 = start(&["pop3", "--accounts", class, "--store", dir]);
    let (mut p, _) = Pop3Client::connect(pop3.addr).unwrap();
    p.login("learner04", "dune-harbor").unwrap();
    let mail = p.retrieve_all().unwrap();
    assert_eq!(mail, [b"Subject: hi\r\n\r\nfrom 3\r\n".to_vec()]);
    p.quit().unwrap();
    assert!(pop3.interrupt().0.success());
}
