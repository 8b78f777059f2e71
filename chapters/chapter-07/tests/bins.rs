//! `smtp_send` as a process against the fake SMTP server: the seed's message
//! arrives with the Bcc in the envelope and in no header, the account comes
//! from the configuration file and the environment, and the password shows
//! up nowhere — not in the output, not with `--verbose`, not in errors.

mod common;

use assert_cmd::Command;
use harness::smtp::{FakeSmtp, start};
use predicates::prelude::*;

const PASSWORD: &str = "goodfellow";

fn smtp_send() -> Command {
    let mut cmd = Command::cargo_bin("smtp_send").unwrap();
    for var in ["SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASS"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A config file for `smtp` whose password comes from $TEST_SMTP_SECRET.
fn config(smtp: &FakeSmtp, dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("smtp.toml");
    let text = format!(
        "server = \"127.0.0.1\"\nport = {}\nuser = \"puck\"\npassword_env = \"TEST_SMTP_SECRET\"\n",
        smtp.addr().port()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn sends_the_moonlight_message_with_a_blind_copy() {
    let smtp = start();
    let dir = tempfile::tempdir().unwrap();
    let out = smtp_send()
        .arg("--config")
        .arg(config(&smtp, &dir))
        .arg("--verbose")
        .env("TEST_SMTP_SECRET", PASSWORD)
        .assert()
        .success()
        .stdout(predicate::str::contains("Connecting to 127.0.0.1"))
        .stdout(predicate::str::contains(
            "Sent the message to 4 of 4 recipient(s)",
        ))
        .stdout(predicate::str::contains("C: AUTH PLAIN <secret>"))
        .get_output()
        .clone();
    let shown =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !shown.contains(PASSWORD) && !shown.contains("Z29vZGZlbGxvdw"),
        "{shown}"
    );
    let mail = smtp.wait_for_deliveries(1);
    let d = &mail[0];
    assert_eq!(d.from, "puck@fairy.example");
    assert!(
        d.rcpt.contains(&"bottom@athens.example".to_string()),
        "Bcc in the envelope"
    );
    let headers = String::from_utf8_lossy(&d.data);
    let headers = headers.split("\r\n\r\n").next().unwrap();
    assert!(
        !headers.contains("bottom") && !headers.to_ascii_lowercase().contains("bcc:"),
        "{headers}"
    );
    assert!(headers.contains("Cc: William Shakespeare <william@globe.example>"));
    let parsed = mail_parser::MessageParser::default()
        .parse(&d.data)
        .unwrap();
    assert_eq!(parsed.subject(), Some("Moonlight"));
    assert!(
        parsed
            .body_text(0)
            .unwrap()
            .contains("And the wolf behowls the moon;")
    );
}

#[test]
fn the_environment_overrides_the_file() {
    let smtp = start();
    smtp_send()
        .args([
            "--config",
            "/nonexistent/smtp.toml",
            "--date",
            "1782001800",
            "--id-random",
            "1595",
        ])
        .env("SMTP_HOST", "127.0.0.1")
        .env("SMTP_PORT", smtp.addr().port().to_string())
        .env("SMTP_USER", "puck")
        .env("SMTP_PASS", PASSWORD)
        .assert()
        .success();
    let sent = &smtp.wait_for_deliveries(1)[0].data;
    harness::golden::assert_matches(common::fixtures().join("mail/oberon/0001.eml"), sent);
}

#[test]
fn a_wrong_password_fails_without_showing_it() {
    let smtp = start();
    let dir = tempfile::tempdir().unwrap();
    smtp_send()
        .arg("-c")
        .arg(config(&smtp, &dir))
        .arg("-v")
        .env("TEST_SMTP_SECRET", "not-the-password")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("AUTH"))
        .stderr(predicate::str::contains("535"))
        .stdout(predicate::str::contains("not-the-password").not())
        .stderr(predicate::str::contains("not-the-password").not());
    assert!(smtp.deliveries().is_empty());
}

#[test]
fn missing_configuration_is_explained() {
    smtp_send()
        .args(["--config", "/nonexistent/smtp.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no configuration file /nonexistent/smtp.toml",
        ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smtp.toml");
    std::fs::write(
        &path,
        "server = \"127.0.0.1\"\nuser = \"puck\"\npassword_env = \"UNSET_VARIABLE_X\"\n",
    )
    .unwrap();
    smtp_send()
        .arg("-c")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has no password"));
}

#[test]
fn a_server_that_is_shutting_down_is_a_temporary_failure() {
    let smtp = harness::smtp::start_with(harness::smtp::SmtpOptions {
        plan: harness::fault::FaultPlan::none().on("EHLO", 1, "421 4.3.2 Try again later"),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    smtp_send()
        .arg("-c")
        .arg(config(&smtp, &dir))
        .env("TEST_SMTP_SECRET", PASSWORD)
        .assert()
        .code(75)
        .stderr(predicate::str::contains("temporary failure"));
}

#[test]
fn has_help() {
    smtp_send()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage"))
        .stdout(predicate::str::contains("password_env"));
}
