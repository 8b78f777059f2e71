//! Real programs where a user would meet them (DESIGN.md §9): our client
//! sends through a real server, aiosmtpd, which must store exactly what we
//! sent. (Real clients sending through the harness's fake server are the
//! harness's own tests: `harness/tests/smtp_real_clients.rs`.)
//! Each test skips visibly when its program is missing and fails instead
//! under `WORKBOOK_REQUIRE_PEERS=1`.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chapter_07::smtp::Mechanism;
use common::{fixed_moonlight, puck, send};
use harness::real::available;

const PYTHON: &str = "/usr/bin/python3";

/// aiosmtpd running our support script; stops when dropped (stdin closes).
struct Aiosmtpd {
    child: std::process::Child,
    port: u16,
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn aiosmtpd(out: &std::path::Path) -> Aiosmtpd {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/aiosmtpd_server.py");
    let mut child = Command::new(PYTHON)
        .arg(script)
        .arg(out)
        .args(["puck", "goodfellow"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The script prints its port once it accepts connections: no sleeping.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .strip_prefix("PORT ")
        .unwrap_or_else(|| panic!("aiosmtpd said {line:?}"));
    Aiosmtpd {
        port: port.parse().unwrap(),
        child,
    }
}

#[test]
fn our_client_sends_through_aiosmtpd() {
    if !available("aiosmtpd", &[PYTHON, "-c", "import aiosmtpd.controller"]) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let server = aiosmtpd(out.path());
    let message = fixed_moonlight();
    let report = send(([127, 0, 0, 1], server.port).into(), &message, Some(puck())).unwrap();
    assert!(
        report
            .auth
            .is_some_and(|m| [Mechanism::Plain, Mechanism::Login].contains(&m))
    );
    assert_eq!(report.accepted.len(), 4);
    drop(server);
    let stored = std::fs::read(out.path().join("1.eml")).unwrap();
    assert_eq!(
        stored,
        message.to_bytes(),
        "aiosmtpd stored exactly what we sent"
    );
    let envelope = std::fs::read_to_string(out.path().join("1.json")).unwrap();
    assert!(envelope.contains("bottom@athens.example"), "{envelope}");
    let parsed = mail_parser::MessageParser::default()
        .parse(&stored)
        .unwrap();
    assert_eq!(parsed.subject(), Some("Moonlight"));
    assert_eq!(parsed.body_text(0).unwrap(), message_body());
}

fn message_body() -> String {
    chapter_07::moonlight::VERSE.replace('\n', "\r\n")
}

#[test]
fn aiosmtpd_refuses_a_wrong_password() {
    if !available("aiosmtpd", &[PYTHON, "-c", "import aiosmtpd.controller"]) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let server = aiosmtpd(out.path());
    let mut creds = puck();
    creds.password = "wrong".into();
    let e = send(
        ([127, 0, 0, 1], server.port).into(),
        &fixed_moonlight(),
        Some(creds),
    )
    .unwrap_err();
    assert!(
        matches!(e, chapter_07::smtp::SmtpError::Permanent { .. }),
        "{e}"
    );
}
