//! Real programs where a user would meet them (DESIGN.md §9): curl, Python's
//! smtplib and swaks send through our fake server, and our client sends
//! through a real server, aiosmtpd, which must store exactly what we sent.
//! Each test skips visibly when its program is missing and fails instead
//! under `WORKBOOK_REQUIRE_PEERS=1`.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chapter_07::smtp::Mechanism;
use common::{fixed_moonlight, puck, send};
use harness::real::available;
use harness::smtp::start;

const PYTHON: &str = "/usr/bin/python3";

fn run(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed: {text}");
    text
}

#[test]
fn curl_sends_through_the_fake_server() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let smtp = start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("moonlight.eml");
    std::fs::write(&file, fixed_moonlight().to_bytes()).unwrap();
    run(Command::new("curl")
        .args(["-sS", "--max-time", "20"])
        .arg(format!("smtp://127.0.0.1:{}", smtp.addr().port()))
        .args(["--mail-from", "puck@fairy.example"])
        .args([
            "--mail-rcpt",
            "oberon@fairy.example",
            "--mail-rcpt",
            "bottom@athens.example",
        ])
        .args(["--user", "puck:goodfellow", "--upload-file"])
        .arg(&file));
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(
        mail[0].rcpt,
        ["oberon@fairy.example", "bottom@athens.example"]
    );
    assert_eq!(mail[0].user.as_deref(), Some("puck"));
    assert_eq!(mail[0].data, fixed_moonlight().to_bytes());
}

const SMTPLIB: &str = r#"
import smtplib, sys
from email.message import EmailMessage
port, mech = int(sys.argv[1]), sys.argv[2]
msg = EmailMessage()
msg["From"] = "Puck <puck@fairy.example>"
msg["To"] = "Oberon <oberon@fairy.example>"
msg["Subject"] = "Moonlight"
msg.set_content(".leading dot\nAnd the wolf behowls the moon;\n")
with smtplib.SMTP("127.0.0.1", port, timeout=20) as s:
    s.ehlo("python.workbook.test")
    if mech == "LOGIN":
        s.user, s.password = "puck", "goodfellow"
        s.auth("LOGIN", s.auth_login)
    else:
        s.login("puck", "goodfellow")
    refused = s.send_message(msg, to_addrs=["oberon@fairy.example", "bottom@athens.example"])
    assert not refused, refused
"#;

#[test]
fn pythons_smtplib_sends_through_the_fake_server() {
    if !available("Python's smtplib", &[PYTHON, "-c", "import smtplib"]) {
        return;
    }
    let smtp = start();
    for mech in ["PLAIN", "LOGIN"] {
        run(Command::new(PYTHON).args(["-c", SMTPLIB, &smtp.addr().port().to_string(), mech]));
    }
    let mail = smtp.wait_for_deliveries(2);
    for d in &mail {
        assert_eq!(d.rcpt, ["oberon@fairy.example", "bottom@athens.example"]);
        let parsed = mail_parser::MessageParser::default()
            .parse(&d.data)
            .unwrap();
        assert_eq!(parsed.subject(), Some("Moonlight"));
        assert!(
            parsed.body_text(0).unwrap().starts_with(".leading dot"),
            "dot unstuffed once"
        );
    }
    let transcript = smtp.stop().render();
    assert!(
        !transcript.contains("goodfellow") && !transcript.contains("Z29vZGZlbGxvdw"),
        "{transcript}"
    );
}

#[test]
fn swaks_pipelines_through_the_fake_server() {
    if !available("swaks", &["swaks", "--version"]) {
        return;
    }
    let smtp = start();
    let out = run(Command::new("swaks")
        .args(["--server", &format!("127.0.0.1:{}", smtp.addr().port())])
        .args([
            "--from",
            "puck@fairy.example",
            "--to",
            "oberon@fairy.example,titania@fairy.example",
        ])
        .args([
            "--auth",
            "LOGIN",
            "--auth-user",
            "puck",
            "--auth-password",
            "goodfellow",
        ])
        .args([
            "--pipeline",
            "--timeout",
            "20",
            "--header",
            "Subject: Moonlight",
        ]));
    assert!(out.contains("PIPELINING"), "{out}");
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(
        mail[0].rcpt,
        ["oberon@fairy.example", "titania@fairy.example"]
    );
    assert!(String::from_utf8_lossy(&mail[0].data).contains("Subject: Moonlight"));
}

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
