//! The room with the programs a class really uses: curl sends mail through
//! the SMTP service and fetches it through POP3, asks HTTP's `/whoami` with
//! Basic authentication; dig asks the DNS service for a learner's name.
//! Each skips visibly when the program is missing (and fails under
//! `WORKBOOK_REQUIRE_PEERS=1`, as in CI).

use std::net::SocketAddr;
use std::process::{Command, Output};

use harness::real::available;

use crate::room::{class, start};

/// Runs a real client program, bounded by its own time-out options.
fn run(cmd: &str, args: &[String]) -> Output {
    Command::new(cmd).args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn curl(args: &[&str]) -> Output {
    let mut all: Vec<String> = ["--silent", "--show-error", "--max-time", "20"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    all.extend(args.iter().map(|s| s.to_string()));
    run("curl", &all)
}

fn url(scheme: &str, addr: SocketAddr, path: &str) -> String {
    format!("{scheme}://{addr}{path}")
}

#[test]
fn curl_sends_and_fetches_mail_and_asks_whoami() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let store = tempfile::tempdir().unwrap();
    let room = start(&["--store", store.path().to_str().unwrap()]);
    let class = class();
    let (from, to) = (&class[0], &class[1]);
    let message = store.path().join("message.txt");
    let body = format!(
        "From: <{}>\r\nTo: <{}>\r\nSubject: sent by curl\r\n\r\nhello from curl\r\n",
        from.address, to.address
    );
    std::fs::write(&message, body).unwrap();
    let login = |a: &harness::mail::Account| format!("{}:{}", a.user, a.password);
    let sent = curl(&[
        &url("smtp", room.addr("smtp"), ""),
        "--user",
        &login(from),
        "--mail-from",
        &from.address,
        "--mail-rcpt",
        &to.address,
        "--upload-file",
        message.to_str().unwrap(),
    ]);
    assert!(sent.status.success(), "curl smtp: {}", text(&sent));
    let fetched = curl(&[&url("pop3", room.addr("pop3"), "/1"), "--user", &login(to)]);
    assert!(fetched.status.success(), "curl pop3: {}", text(&fetched));
    assert!(
        String::from_utf8_lossy(&fetched.stdout).contains("hello from curl"),
        "{}",
        text(&fetched)
    );
    let who = curl(&[
        &url("http", room.addr("http"), "/whoami"),
        "--user",
        &login(to),
    ]);
    let expected = format!("user {}\naddress {}\n", to.user, to.address);
    assert_eq!(
        String::from_utf8_lossy(&who.stdout),
        expected,
        "{}",
        text(&who)
    );
    let (status, _, _) = room.terminate();
    assert!(status.success());
}

#[test]
fn dig_finds_a_learners_name() {
    if !available("dig", &["dig", "-v"]) {
        return;
    }
    let store = tempfile::tempdir().unwrap();
    let room = start(&["--store", store.path().to_str().unwrap()]);
    let dns = room.addr("dns");
    let args: Vec<String> = [
        format!("@{}", dns.ip()),
        "-p".into(),
        dns.port().to_string(),
        "+short".into(),
        "+time=5".into(),
        "+tries=1".into(),
        "learner02.class.test".into(),
        "A".into(),
    ]
    .into();
    let out = run("dig", &args);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "198.18.0.2",
        "{}",
        text(&out)
    );
    let (status, _, _) = room.terminate();
    assert!(status.success());
}
