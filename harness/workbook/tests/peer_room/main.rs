//! `workbook peer room`: SMTP, POP3, HTTP and DNS for a whole class, run as
//! the instructor runs it (the real binary, its banner parsed, stopped by
//! SIGTERM), on loopback only, with 30 learners at once.
//!
//! Layout: this file, the tests; `room`: running the binary; `learners`:
//! what a learner does (mail, HTTP, DNS) through the harness's clients;
//! `real`: the same with curl and dig.
//!
//! Stopping by signal is Unix's, so these tests are built on Unix only.

#![cfg(unix)]

mod learners;
mod real;
mod room;

use std::sync::Arc;

use harness::mail::{Pop3Client, SmtpClient};
use learners::{ask_dns, everyone, read_mail, send_to_next, whoami};
use room::{SERVICES, class, fails, start, try_start};

#[test]
fn thirty_learners_mail_each_other_at_once() {
    let (store, room) = start_stored(&[]);
    assert_eq!(room.store, store.path());
    let class = Arc::new(class());
    assert_eq!(class.len(), 30);
    let (smtp, pop3, c) = (room.addr("smtp"), room.addr("pop3"), class.clone());
    let sent = everyone(class.len(), move |i| send_to_next(smtp, &c, i));
    assert!(sent.iter().all(Result::is_ok), "{sent:?}");
    let c = class.clone();
    let read = everyone(class.len(), move |i| read_mail(pop3, &c[i]));
    for (i, mail) in read.into_iter().enumerate() {
        let (me, prev) = (&class[i].user, &class[(i + 29) % 30].user);
        let mail = mail.unwrap();
        assert_eq!(mail.len(), 1, "{me}: exactly one message: {mail:?}");
        let want = format!("hello {me}, from {prev}\r\n");
        assert!(mail[0].ends_with(&want), "{me}: {mail:?}");
    }
    let (status, rest, _) = room.terminate();
    assert!(status.success(), "exit status {status}");
    let out = rest.join("\n");
    for service in ["smtp", "pop3"] {
        let line = format!("# stopped {service}: 30 connection(s)");
        assert!(out.contains(&line), "no {line:?} in:\n{out}");
    }
    assert!(out.contains("# stopped http: 0 connection(s)"), "{out}");
    // POP3's PASS lines are in the transcript, redacted.
    assert!(!out.contains("amber-falcon"), "a password printed:\n{out}");
}

/// A room on a temporary store (removed when the guard drops).
fn start_stored(extra: &[&str]) -> (tempfile::TempDir, room::Room) {
    let store = tempfile::tempdir().unwrap();
    let mut args = vec!["--store", store.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    let room = start(&args);
    (store, room)
}

#[test]
fn http_whoami_needs_an_accounts_password() {
    let (_store, room) = start_stored(&[]);
    let (l7, http) = (&class()[6], room.addr("http"));
    let ok = whoami(http, Some((&l7.user, &l7.password)));
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, b"user learner07\naddress learner07@class.test\n");
    for login in [Some((l7.user.as_str(), "wrong")), None] {
        let no = whoami(http, login);
        assert_eq!(no.status, 401, "{login:?}");
        let challenge = no.header("www-authenticate").unwrap_or_default();
        assert!(challenge.starts_with("Basic realm="), "{challenge}");
    }
    // The http peer's own routes are still there.
    let mut d = harness::http::Driver::connect(http).unwrap();
    assert_eq!(d.get("/redirect/0", true).unwrap().status, 200);
    let (status, rest, _) = room.terminate();
    assert!(status.success());
    assert!(!rest.join("\n").contains(&l7.password), "{rest:?}");
}

#[test]
fn dns_has_a_name_and_a_reverse_name_per_account() {
    let (_store, room) = start_stored(&[]);
    let (dns, a, ptr) = (room.addr("dns"), 1, 12);
    let (rcode, reply) = ask_dns(dns, "learner07.class.test", a);
    assert_eq!(
        (rcode, &reply[reply.len() - 4..]),
        (0, &[198, 18, 0, 7][..])
    );
    let (rcode, reply) = ask_dns(dns, "30.0.18.198.in-addr.arpa", ptr);
    assert_eq!(rcode, 0);
    let target = b"\x09learner30\x05class\x04test\x00";
    assert!(
        reply.windows(target.len()).any(|w| w == target),
        "{reply:?}"
    );
    assert_eq!(ask_dns(dns, "learner31.class.test", a).0, 3, "NXDOMAIN");
    // The workbook zone is served too.
    let (rcode, reply) = ask_dns(dns, "web.workbook.test", a);
    assert_eq!(
        (rcode, &reply[reply.len() - 4..]),
        (0, &[192, 0, 2, 10][..])
    );
    assert!(room.terminate().0.success());
}

#[test]
fn mail_needs_the_right_password() {
    let (_store, room) = start_stored(&[]);
    let l7 = &class()[6];
    let (mut smtp, _) = SmtpClient::connect(room.addr("smtp")).unwrap();
    assert_eq!(smtp.command("EHLO x").unwrap().code, 250);
    let mail = smtp.command("MAIL FROM:<learner07@class.test>").unwrap();
    assert_eq!(mail.code, 530, "the room's SMTP needs a login: {mail:?}");
    let plain = harness::mail::sasl::plain_response(&l7.user, "wrong");
    let auth = smtp.command(&format!("AUTH PLAIN {plain}")).unwrap();
    assert_eq!(auth.code, 535, "{auth:?}");
    let (mut pop, _) = Pop3Client::connect(room.addr("pop3")).unwrap();
    let refused = pop.login(&l7.user, "wrong").unwrap_err().to_string();
    assert!(refused.starts_with("PASS got -ERR"), "{refused}");
    assert!(room.terminate().0.success());
}

#[test]
fn a_full_server_makes_room_and_says_so_in_its_protocol() {
    let (_store, room) = start_stored(&["--max-clients", "2"]);
    let (smtp, pop3) = (room.addr("smtp"), room.addr("pop3"));
    // Two sessions each, greeted (so admitted), then idle.
    let mut held: Vec<_> = (0..2).map(|_| SmtpClient::connect(smtp).unwrap()).collect();
    assert!(held.iter().all(|(_, g)| g.code == 220), "{held:?}");
    // A third is served: the session idle the longest makes room, told
    // why in SMTP (so a crowd of silent connections locks nobody out).
    // (Idle means back in a read: a session whose thread has not got there
    // yet does not count, and the newcomer is told 421 at once; bounded.)
    let admitted = |greeting_ok: &dyn Fn() -> bool| {
        (0..50).any(|_| {
            let ok = greeting_ok();
            if !ok {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            ok
        })
    };
    assert!(admitted(
        &|| SmtpClient::connect(smtp).unwrap().1.code == 220
    ));
    let gone = held[0].0.reply().unwrap();
    assert_eq!(gone.code, 421, "{gone:?}");
    assert!(gone.text().contains("Too many connections"), "{gone:?}");
    let mut pops: Vec<_> = (0..2).map(|_| Pop3Client::connect(pop3).unwrap()).collect();
    assert!(pops.iter().all(|(_, g)| g.starts_with("+OK")), "{pops:?}");
    assert!(admitted(&|| Pop3Client::connect(pop3)
        .unwrap()
        .1
        .starts_with("+OK")));
    let gone = pops[0].0.reply().unwrap();
    assert!(
        gone.starts_with("-ERR [SYS/TEMP] too many connections"),
        "{gone}"
    );
    assert!(room.terminate().0.success());
}

#[test]
fn serves_another_loopback_address_and_keeps_its_default_store() {
    let room = start(&["--host", "127.0.0.2"]);
    for service in SERVICES {
        assert_eq!(
            room.addr(service).ip().to_string(),
            "127.0.0.2",
            "{service}"
        );
    }
    let (_, greeting) = SmtpClient::connect(room.addr("smtp")).unwrap();
    assert_eq!(greeting.code, 220);
    let store = room.store.clone();
    assert!(store.is_dir(), "the default store {store:?} exists");
    let (status, rest, err) = room.terminate();
    assert!(status.success());
    // Still loopback: no warning about the network.
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("try: curl smtp://127.0.0.2:"), "{err}");
    assert!(rest.last().unwrap().ends_with("(kept)"), "{rest:?}");
    assert!(store.is_dir(), "the store is kept after stopping");
    std::fs::remove_dir_all(&store).unwrap();
}

/// A port the kernel just found free; the three above it usually are too
/// (the caller tries again when not).
fn likely_free_base() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    port.min(u16::MAX - 3)
}

#[test]
fn a_base_port_gives_four_consecutive_ports() {
    // Another program may take one of the ports in between; try again then.
    for _ in 0..5 {
        let store = tempfile::tempdir().unwrap();
        let base = likely_free_base();
        let args = [
            "--store",
            store.path().to_str().unwrap(),
            "--port",
            &base.to_string(),
        ];
        let room = match try_start(&args) {
            Ok(room) => room,
            Err(err) if err.contains("cannot start the room's") => continue,
            Err(err) => panic!("{err}"),
        };
        for (i, service) in (0..).zip(SERVICES) {
            assert_eq!(room.addr(service).port(), base + i, "{service}");
        }
        let (rcode, _) = ask_dns(room.addr("dns"), "learner01.class.test", 1);
        assert_eq!(rcode, 0);
        assert!(room.terminate().0.success());
        return;
    }
    panic!("no four consecutive free ports in five tries");
}

/// Bad accounts files: (file name, text, what the error must say).
fn bad_files() -> Vec<(&'static str, String, &'static str)> {
    let account = |user: &str, address: &str| {
        format!("[[account]]\nuser = \"{user}\"\npassword = \"pw\"\naddress = \"{address}\"\n\n")
    };
    let two = |a: String, b: String| a + &b;
    vec![
        (
            "missing.toml",
            "[[account]]\nuser = \"a\"\npassword = \"pw\"\n".into(),
            "missing field `address`",
        ),
        (
            "dup.toml",
            two(account("a", "a@c.test"), account("a", "b@c.test")),
            "line 6: account 2 (`user`)",
        ),
        (
            "addr.toml",
            two(account("a", "a@c.test"), account("b", "A@c.test")),
            "line 6: account 2 (`address`)",
        ),
        (
            "path.toml",
            account("../etc", "x@c.test"),
            "is not a usable user name",
        ),
        ("big.toml", "#".repeat(300 * 1024), "larger than"),
    ]
}

#[test]
fn a_bad_accounts_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, want) in bad_files() {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let file = path.to_str().unwrap();
        for peer in ["room", "smtp", "pop3"] {
            let (code, err) = fails(&[peer, "--accounts", file]);
            assert_eq!(code, Some(2), "{peer} {name}: {err}");
            assert!(
                err.contains(file) && err.contains(want),
                "{peer} {name}: {err}"
            );
        }
    }
    let (code, err) = fails(&["room", "--accounts", "/nonexistent/accounts.toml"]);
    assert_eq!(code, Some(2));
    let want = "cannot read the accounts file /nonexistent/accounts.toml";
    assert!(err.contains(want), "{err}");
    let (code, err) = fails(&["room"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--accounts FILE"), "{err}");
}

#[test]
fn the_list_shows_the_room() {
    let out = room::workbook().args(["peer", "--list"]).output().unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.lines().any(|l| l.starts_with("room ")), "{list}");
}
