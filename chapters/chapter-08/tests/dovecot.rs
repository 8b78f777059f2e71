//! Our client against a real POP3 server: Dovecot, configured in a
//! temporary directory (its own base_dir, a passwd-file user, a Maildir,
//! plaintext login on a loopback port, no TLS) and started in the
//! foreground for the test. The fixture messages stored there come back
//! byte-identical through RETR; TOP, UIDL, DELE and QUIT behave as RFC 1939
//! says. Skips visibly without `dovecot` or when not run as root (Dovecot's
//! master process needs root to drop privileges). Dovecot is a Unix
//! server, so the test is built on Unix only.

#![cfg(unix)]

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chapter_08::pop3::{Client, Limits, Login};
use common::{assert_fixture, fixture};
use harness::real::available;

const USER: &str = "tester";
const PASS: &str = "dovecot-secret";
/// The unprivileged owner of the Maildir (Dovecot refuses uid 0 for mail).
const MAIL_UID: u32 = 65534;

/// A Dovecot instance; stopped (SIGTERM, then waited for) on drop.
struct Dovecot {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM lets the master stop its login and auth children too.
        // Our own child, not yet waited for: the id is still its.
        let pid = rustix::process::Pid::from_child(&self.child);
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        let _ = self.child.wait();
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn config(dir: &Path, port: u16) -> String {
    let d = dir.display();
    format!(
        "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
         protocols = pop3\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\n\
         auth_mechanisms = plain\nlogin_trusted_networks = 127.0.0.0/8\n\
         first_valid_uid = 1\nmail_location = maildir:{d}/mail/%u\n\
         pop3_uidl_format = %08Xu%08Xv\n\
         service pop3-login {{\n  inet_listener pop3 {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n}}\n\
         service anvil {{\n  chroot =\n}}\nservice pop3-login {{\n  chroot =\n}}\n\
         passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
         userdb {{\n  driver = passwd-file\n  args = username_format=%u {d}/passwd\n}}\n"
    )
}

/// Puts the fixture messages into a Maildir for USER; returns them in order.
fn maildir(dir: &Path) -> Vec<Vec<u8>> {
    let new = dir.join(format!("mail/{USER}/new"));
    std::fs::create_dir_all(&new).unwrap();
    for sub in ["cur", "tmp"] {
        std::fs::create_dir_all(dir.join(format!("mail/{USER}/{sub}"))).unwrap();
    }
    let messages = vec![
        fixture("titania", 1),
        fixture("titania", 2),
        fixture("oberon", 1),
    ];
    for (i, m) in messages.iter().enumerate() {
        // Maildir names sort by their leading time stamp: this keeps order.
        std::fs::write(
            new.join(format!("{}.M{i}P1.workbook", 1_700_000_000 + i)),
            m,
        )
        .unwrap();
    }
    let status = Command::new("chown")
        .args(["-R", &format!("{MAIL_UID}:{MAIL_UID}")])
        .arg(dir.join("mail"))
        .status()
        .unwrap();
    assert!(status.success());
    messages
}

fn start() -> Option<Dovecot> {
    let root = rustix::process::geteuid().is_root();
    if !root || !available("Dovecot", &["dovecot", "--version"]) {
        if !root {
            harness::real::skip("the Dovecot test must run as root");
        }
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    // The unprivileged processes must reach the Maildir.
    Command::new("chmod")
        .arg("755")
        .arg(dir.path())
        .status()
        .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = dir.path();
    write(&d.join("dovecot.conf"), &config(d, port));
    write(
        &d.join("passwd"),
        &format!(
            "{USER}:{{PLAIN}}{PASS}:{MAIL_UID}:{MAIL_UID}::{}/mail/{USER}::\n",
            d.display()
        ),
    );
    maildir(d);
    let child = Command::new("dovecot")
        .arg("-F")
        .arg("-c")
        .arg(d.join("dovecot.conf"))
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut dovecot = Dovecot {
        child,
        port,
        _dir: dir,
    };
    wait_ready(&mut dovecot);
    Some(dovecot)
}

/// Connects until Dovecot answers (bounded); fails with its log if it exits.
fn wait_ready(d: &mut Dovecot) {
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until {
        if TcpStream::connect(("127.0.0.1", d.port)).is_ok() {
            return;
        }
        if let Some(status) = d.child.try_wait().unwrap() {
            let log =
                std::fs::read_to_string(d._dir.path().join("dovecot.log")).unwrap_or_default();
            panic!("dovecot exited ({status}) before listening:\n{log}");
        }
        // A short pause between connection attempts while it starts.
        std::thread::park_timeout(Duration::from_millis(20));
    }
    panic!("dovecot did not listen on port {} within 30 s", d.port);
}

fn client(port: u16) -> Client<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut c = Client::connect(s, Limits::default()).unwrap();
    c.login(USER, PASS, Login::UserPass).unwrap();
    c
}

#[test]
fn messages_come_back_byte_identical_from_dovecot() {
    let Some(dovecot) = start() else { return };
    // The order `maildir` stores them in.
    let sources = [("titania", 1), ("titania", 2), ("oberon", 1)];
    let expected = sources.map(|(user, n)| fixture(user, n));
    let mut c = client(dovecot.port);
    let caps = c.capa().unwrap();
    assert!(
        caps.known && caps.may("TOP") && caps.may("UIDL"),
        "{caps:?}"
    );
    assert_eq!(c.stat().unwrap().count, 3);
    for (n, (user, k)) in (1..).zip(sources) {
        assert_fixture(user, k, &c.retr(n).unwrap());
    }
    let sizes: Vec<u64> = c.list().unwrap().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        sizes,
        expected.iter().map(|m| m.len() as u64).collect::<Vec<_>>()
    );
    let head = c.headers(1, &caps).unwrap();
    assert_eq!(head, chapter_08::headers::split_message(&expected[0]).0);
    let uids = c.uidl().unwrap().unwrap();
    c.dele(1).unwrap();
    c.rset().unwrap();
    c.dele(3).unwrap();
    c.quit().unwrap();
    let mut c = client(dovecot.port);
    let after = c.uidl().unwrap().unwrap();
    assert_eq!(
        after,
        uids[..2].to_vec(),
        "only the message marked at QUIT is gone"
    );
    c.quit().unwrap();
}
