//! The fake SMTP server with real clients, as a user would meet them
//! (DESIGN.md §9): curl, Python's smtplib (AUTH PLAIN and LOGIN) and swaks
//! (pipelining) send through it, and it must store exactly what they sent.
//! Each test skips visibly when its program is missing and fails instead
//! under `WORKBOOK_REQUIRE_PEERS=1`.

use std::process::Command;

use harness::real::{available, run};
use harness::smtp::start;

const PYTHON: &str = "/usr/bin/python3";

/// A message with a line that starts with a dot, so the client must
/// dot-stuff it and the server unstuff it (RFC 5321 §4.5.2).
const MESSAGE: &str = "From: Puck <puck@fairy.example>\r\n\
To: Oberon <oberon@fairy.example>\r\n\
Subject: Moonlight\r\n\
\r\n\
.leading dot\r\n\
And the wolf behowls the moon;\r\n";

#[test]
fn curl_sends_through_the_fake_server() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let smtp = start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("moonlight.eml");
    std::fs::write(&file, MESSAGE).unwrap();
    let mut curl = Command::new("curl");
    curl.args(["-sS", "--max-time", "20"])
        .arg(format!("smtp://127.0.0.1:{}", smtp.addr().port()))
        .args(["--mail-from", "puck@fairy.example"])
        .args([
            "--mail-rcpt",
            "oberon@fairy.example",
            "--mail-rcpt",
            "bottom@athens.example",
        ])
        .args(["--user", "puck:goodfellow", "--upload-file"])
        .arg(&file);
    run(curl);
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(
        mail[0].rcpt,
        ["oberon@fairy.example", "bottom@athens.example"]
    );
    assert_eq!(mail[0].user.as_deref(), Some("puck"));
    assert_eq!(
        mail[0].data,
        MESSAGE.as_bytes(),
        "stored as sent, dot unstuffed"
    );
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
        let mut python = Command::new(PYTHON);
        python.args(["-c", SMTPLIB, &smtp.addr().port().to_string(), mech]);
        run(python);
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
    let mut swaks = Command::new("swaks");
    swaks
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
        ]);
    let out = String::from_utf8_lossy(&run(swaks)).into_owned();
    assert!(out.contains("PIPELINING"), "{out}");
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(
        mail[0].rcpt,
        ["oberon@fairy.example", "titania@fairy.example"]
    );
    assert!(String::from_utf8_lossy(&mail[0].data).contains("Subject: Moonlight"));
}
