//! Passwords never show: `workbook peer smtp`, `peer pop3` and `peer room`
//! print every session live, and a conformance report shows the run's
//! transcript; each is driven here with a known password through every
//! form of login the peers take, with the secret lines split over writes,
//! and everything printed is searched for the password in clear, in base64
//! and inside a PLAIN blob, also across printed lines
//! ([`harness::hostile::Secret`]).
//!
//! (Chapter 7's and 8's programs are checked the same way in their own
//! crates, which can run them: `chapters/chapter-0{7,8}/tests/secrets.rs`.)
//!
//! Linux only: the peers are stopped with SIGINT, as Ctrl-C would, through
//! libc, which this package's tests have on Linux alone.
#![cfg(target_os = "linux")]
//!
//! Layout: `Peer` (a `workbook peer` process, its output read line by line),
//! `Session` (a raw client whose split writes wait until the peer has
//! printed each piece), the login forms, then the tests.

use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use harness::hostile::Secret;
use harness::mail::Accounts;
use harness::mail::client::read_text_line;
use harness::mail::sasl::encode_base64;
use harness::peer::client::connect;
use harness::pop3::apop_digest;

const LIMIT: Duration = Duration::from_secs(30);

fn class_file() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/classroom/accounts.toml"
    )
    .to_string()
}

/// The class's third account: its user and password.
fn account() -> (String, String) {
    let list = Accounts::load(std::path::Path::new(&class_file()))
        .unwrap()
        .list;
    (list[2].user.clone(), list[2].password.clone())
}

/// A `workbook peer` process and what it has printed.
struct Peer {
    child: Child,
    lines: Receiver<String>,
    stderr: Receiver<String>,
    printed: Vec<String>,
    addrs: HashMap<String, SocketAddr>,
    /// Client data lines printed so far, and how many are due.
    client_lines: usize,
}

fn lines_of(out: impl std::io::Read + Send + 'static) -> Receiver<String> {
    use std::io::BufRead;
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

impl Peer {
    /// `workbook peer ARGS… --accounts <class>` with a fresh store.
    fn start(args: &[&str], store: &tempfile::TempDir) -> Peer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_workbook"))
            .env("NO_COLOR", "1")
            .arg("peer")
            .args(args)
            .args(["--accounts", &class_file()])
            .arg("--store")
            .arg(store.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut peer = Peer {
            lines: lines_of(child.stdout.take().unwrap()),
            stderr: lines_of(child.stderr.take().unwrap()),
            child,
            printed: Vec::new(),
            addrs: HashMap::new(),
            client_lines: 0,
        };
        // Bounded: the banner is a few lines. A single peer names its
        // address `# listening:`, a room each service's `# smtp:`, ...
        for _ in 0..30 {
            let line = peer.next_line();
            let named = line.strip_prefix("# ").and_then(|l| l.split_once(": "));
            if let Some((name, addr)) = named
                && let Ok(addr) = addr.parse()
            {
                peer.addrs.insert(name.to_string(), addr);
            }
            if peer.addrs.contains_key("listening") || peer.addrs.len() == 4 {
                return peer;
            }
        }
        panic!("no address in the banner: {:#?}", peer.printed);
    }

    fn addr(&self, service: &str) -> SocketAddr {
        self.addrs
            .get(service)
            .or(self.addrs.get("listening"))
            .copied()
            .unwrap()
    }

    fn next_line(&mut self) -> String {
        let line = self.lines.recv_timeout(LIMIT).unwrap_or_else(|_| {
            let _ = self.child.kill();
            panic!("workbook peer printed nothing for {LIMIT:?}")
        });
        if line.contains(" C> ") {
            self.client_lines += 1;
        }
        self.printed.push(line.clone());
        line
    }

    /// Waits until the peer has printed `due` client data lines.
    fn wait_client_lines(&mut self, due: usize) {
        // Bounded: each line waits at most LIMIT, and the peer prints
        // nothing that is not ours.
        while self.client_lines < due {
            self.next_line();
        }
    }

    /// SIGINT (Ctrl-C), then everything it printed, stdout and stderr.
    fn stop(mut self) -> String {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) on the pid of a child we started and have not reaped.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        let (tx, rx) = channel();
        let mut child = self.child;
        std::thread::spawn(move || tx.send(child.wait()).ok());
        if rx.recv_timeout(LIMIT).is_err() {
            // SAFETY: as above; it ignored SIGINT, so force it.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("workbook peer did not stop within {LIMIT:?}");
        }
        self.printed.extend(self.lines.iter());
        self.printed.extend(self.stderr.iter());
        self.printed.join("\n")
    }
}

/// A raw client of one service of `peer`.
struct Session<'p> {
    peer: &'p mut Peer,
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    greeting: String,
}

impl<'p> Session<'p> {
    fn open(peer: &'p mut Peer, service: &str) -> Session<'p> {
        let stream = connect(peer.addr(service)).unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        let mut s = Session {
            peer,
            stream,
            reader,
            greeting: String::new(),
        };
        s.greeting = s.reply();
        s
    }

    /// One line of the server's reply (SMTP's `250-` lines up to the last).
    fn reply(&mut self) -> String {
        // Bounded: an EHLO reply has a handful of lines.
        for _ in 0..50 {
            let line = read_text_line(&mut self.reader).unwrap();
            if line.get(3..4) != Some("-") {
                return line;
            }
        }
        panic!("a reply of more than 50 lines");
    }

    /// Sends `pieces` as separate writes, each read (and printed) by the
    /// peer before the next is sent; returns the reply.
    fn send(&mut self, pieces: &[&str]) -> String {
        for piece in pieces {
            let due = self.peer.client_lines + 1;
            self.stream.write_all(piece.as_bytes()).unwrap();
            self.peer.wait_client_lines(due);
        }
        self.reply()
    }

    /// `line` cut in two at `at` bytes, then CRLF.
    fn send_cut(&mut self, line: &str, at: usize) -> String {
        self.send(&[&line[..at], &format!("{}\r\n", &line[at..])])
    }
}

fn half(text: &str) -> usize {
    text.len() / 2
}

/// Every SMTP login form, each on its own connection, the secret lines cut.
fn smtp_logins(peer: &mut Peer, user: &str, password: &str) {
    let plain = encode_base64(format!("\0{user}\0{password}").as_bytes());
    let (b64_user, b64_pass) = (
        encode_base64(user.as_bytes()),
        encode_base64(password.as_bytes()),
    );
    let ok = |reply: String| assert!(reply.starts_with("235"), "{reply}");
    let challenge = |reply: String| assert!(reply.starts_with("334"), "{reply}");
    // AUTH PLAIN with the initial response, cut inside the blob.
    let mut s = Session::open(peer, "smtp");
    s.send(&["EHLO secrets\r\n"]);
    let line = format!("AUTH PLAIN {plain}");
    ok(s.send_cut(&line, 11 + half(&plain)));
    // AUTH PLAIN, then the blob after the 334, in three pieces.
    let mut s = Session::open(peer, "smtp");
    s.send(&["EHLO secrets\r\n"]);
    challenge(s.send(&["AUTH PLAIN\r\n"]));
    let (a, b) = plain.split_at(half(&plain));
    ok(s.send(&[&a[..2], &a[2..], &format!("{b}\r\n")]));
    // AUTH LOGIN: user and password each after a 334, the password cut.
    let mut s = Session::open(peer, "smtp");
    s.send(&["EHLO secrets\r\n"]);
    challenge(s.send(&["AUTH LOGIN\r\n"]));
    challenge(s.send(&[&format!("{b64_user}\r\n")]));
    ok(s.send_cut(&b64_pass, half(&b64_pass)));
    // AUTH LOGIN with the user name as initial response.
    let mut s = Session::open(peer, "smtp");
    s.send(&["EHLO secrets\r\n"]);
    challenge(s.send(&[&format!("AUTH LOGIN {b64_user}\r\n")]));
    ok(s.send_cut(&b64_pass, 1));
}

/// Every POP3 login form; returns the APOP digest sent.
fn pop3_logins(peer: &mut Peer, user: &str, password: &str) -> String {
    let ok = |reply: String| assert!(reply.starts_with("+OK"), "{reply}");
    // USER and PASS whole; PASS cut in the password; PASS cut in the verb.
    for cut in [None, Some(5 + half(password)), Some(2)] {
        let mut s = Session::open(peer, "pop3");
        ok(s.send(&[&format!("USER {user}\r\n")]));
        let pass = format!("PASS {password}");
        match cut {
            None => ok(s.send(&[&format!("{pass}\r\n")])),
            Some(at) => ok(s.send_cut(&pass, at)),
        }
        s.send(&["QUIT\r\n"]);
    }
    // APOP (RFC 1939 §7), cut in the middle of the digest.
    let mut s = Session::open(peer, "pop3");
    let stamp = s
        .greeting
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(stamp, _)| format!("<{stamp}>"))
        .unwrap();
    let digest = apop_digest(&stamp, password);
    let line = format!("APOP {user} {digest}");
    ok(s.send_cut(&line, line.len() - digest.len() / 2));
    s.send(&["QUIT\r\n"]);
    digest
}

#[test]
fn peer_smtp_prints_no_password_in_any_login() {
    let (user, password) = account();
    let store = tempfile::tempdir().unwrap();
    let mut peer = Peer::start(&["smtp"], &store);
    smtp_logins(&mut peer, &user, &password);
    let out = peer.stop();
    assert!(out.contains("AUTH PLAIN"), "{out}");
    Secret::new(&user, &password).assert_absent("workbook peer smtp", &out);
}

#[test]
fn peer_pop3_prints_no_password_in_any_login() {
    let (user, password) = account();
    let store = tempfile::tempdir().unwrap();
    let mut peer = Peer::start(&["pop3"], &store);
    let digest = pop3_logins(&mut peer, &user, &password);
    let out = peer.stop();
    assert!(out.contains("APOP"), "{out}");
    let secret = Secret::new(&user, &password).with_form("as an APOP digest", &digest);
    secret.assert_absent("workbook peer pop3", &out);
}

#[test]
fn peer_room_prints_no_password_in_any_login() {
    let (user, password) = account();
    let store = tempfile::tempdir().unwrap();
    let mut peer = Peer::start(&["room"], &store);
    smtp_logins(&mut peer, &user, &password);
    let digest = pop3_logins(&mut peer, &user, &password);
    let out = peer.stop();
    let secret = Secret::new(&user, &password).with_form("as an APOP digest", &digest);
    secret.assert_absent("workbook peer room", &out);
}

/// A client that logs in with AUTH LOGIN and stops: the case fails, and
/// its report shows the conversation.
const PYTHON_LOGIN: &str = r#"
import os, smtplib
with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ["SMTP_PORT"]), timeout=20) as s:
    s.ehlo()
    s.user, s.password = os.environ["SMTP_USER"], os.environ["SMTP_PASS"]
    s.auth("LOGIN", s.auth_login)
"#;

/// The report, printed and as JSON, shows the conversation but not the
/// password, its "to reproduce by hand" part included (it names the
/// variable and the file that hold the password instead).
#[test]
fn a_conformance_report_shows_no_password() {
    let python = ["/usr/bin/python3", "-c", "import smtplib"];
    if !harness::real::available("Python's smtplib", &python) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_workbook"))
        .env("NO_COLOR", "1")
        .args(["conform", "smtp-client", "--json"])
        .arg(&json)
        .args(["--", "/usr/bin/python3", "-c", PYTHON_LOGIN])
        .output()
        .unwrap();
    let printed =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let shown = printed.clone();
    assert!(shown.contains("AUTH"), "no conversation in:\n{printed}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let secret = Secret::new(harness::mail::TEST_USER, harness::mail::TEST_PASSWORD);
    secret.assert_absent("workbook conform smtp-client", &shown);
    secret.assert_absent("its JSON report", &report.to_string());
}
