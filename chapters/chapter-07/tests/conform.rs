//! The conformance cases of chapter 7 run against our own programs (built
//! binaries, so no `cargo run` inside a test), and against a program that
//! gets the blind copy wrong, which must fail.

use std::time::Duration;

use conform::Session;

fn session(argv: &[&str]) -> Session {
    Session::for_test(argv, Duration::from_secs(30))
}

#[test]
fn smtp_send_passes_the_smtp_client_case() {
    session(&[env!("CARGO_BIN_EXE_smtp_send")]).assert_passes("smtp-client");
}

#[test]
fn a_client_that_forgets_the_blind_copy_fails() {
    if !harness::real::available("curl", &["curl", "--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.eml");
    std::fs::write(&file, b"From: Puck <puck@fairy.example>\r\nTo: Oberon <oberon@fairy.example>\r\nSubject: Moonlight\r\nBcc: bottom@athens.example\r\n\r\nNow the hungry lion roars,\r\n").unwrap();
    let file = file.display().to_string();
    let argv = [
        "curl",
        "-sS",
        "smtp://{smtp_host}:{smtp_port}",
        "--user",
        "puck:goodfellow",
        "--mail-from",
        "puck@fairy.example",
        "--mail-rcpt",
        "oberon@fairy.example",
        "--upload-file",
        &file,
    ];
    let report = session(&argv).report("smtp-client");
    let failed = report.assert_fails().failed_checks();
    assert!(failed.iter().any(|n| n.contains("RCPT TO")), "{failed:?}");
    assert!(
        failed.iter().any(|n| n.contains("blind copy")),
        "{failed:?}"
    );
}

#[test]
fn the_fake_server_passes_the_smtp_server_case() {
    // Our server program is `workbook peer smtp`; the built `workbook`
    // binary is not a dependency of this crate, so `workbook conform
    // smtp-server` checks it (see .ci/run). Here: a server that is not
    // there fails clearly, and the case has its reference.
    let mut s = session(&["false"]);
    s.time_limit = Duration::from_secs(5);
    s.report("smtp-server").assert_fails();
    assert!(
        s.root
            .join("fixtures/reference/smtp-server/transcript.txt")
            .exists()
    );
}

/// The seed's program in Python, as an implementer in another language
/// would write it: account from the environment, blind copy in the envelope.
const PYTHON_CLIENT: &str = r#"
import os, smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
msg = EmailMessage()
msg["From"] = "Puck <puck@fairy.example>"
msg["To"] = "Oberon <oberon@fairy.example>, Titania <titania@fairy.example>"
msg["Cc"] = "William Shakespeare <william@globe.example>"
msg["Subject"] = "Moonlight"
msg["Date"] = formatdate()
msg["Message-ID"] = make_msgid(domain="fairy.example")
msg.set_content("Now the hungry lion roars,\nAnd the wolf behowls the moon;\n"
                "Whilst the heavy ploughman snores,\nAll with weary task foredone.\n")
rcpt = ["oberon@fairy.example", "titania@fairy.example", "william@globe.example", "bottom@athens.example"]
with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ["SMTP_PORT"]), timeout=20) as s:
    s.login(os.environ["SMTP_USER"], os.environ["SMTP_PASS"])
    s.send_message(msg, to_addrs=rcpt)
print("sent")
"#;

#[test]
fn a_python_client_passes_by_meaning() {
    if !harness::real::available(
        "Python's smtplib",
        &["/usr/bin/python3", "-c", "import smtplib"],
    ) {
        return;
    }
    session(&["/usr/bin/python3", "-c", PYTHON_CLIENT]).assert_passes("smtp-client");
}
