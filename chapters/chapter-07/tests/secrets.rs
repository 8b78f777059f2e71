//! `smtp_send` never shows its password: not with `--verbose`, not when the
//! server offers only LOGIN (the password then travels alone, in base64,
//! after a `334`), not in the fake server's transcript, and not when the
//! configuration file is broken on the password's own line. Everything is
//! searched for the password in clear, in base64 and inside a PLAIN blob
//! ([`harness::hostile::Secret`]); the peers' own live output is checked by
//! `harness/workbook/tests/secrets.rs`.

use std::net::SocketAddr;

use assert_cmd::Command;
use harness::fault::FaultPlan;
use harness::hostile::{Secret, broken_configs};
use harness::mail::Accounts;
use harness::mail::sasl::{LOGIN_PASS, LOGIN_USER, encode_base64};
use harness::peer::{Line, PeerHandle, spawn_tcp};
use harness::smtp::{SmtpOptions, start_with};

const USER: &str = "puck";
/// Distinctive, so that no other text can contain it by chance.
const PASSWORD: &str = "Zq9-moth-Xv3";

fn smtp_send() -> Command {
    let mut cmd = Command::cargo_bin("smtp_send").unwrap();
    for var in ["SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASS"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `smtp_send -v` against the server at `addr`; returns all it
/// printed.
fn send(addr: SocketAddr) -> String {
    let out = smtp_send()
        .args(["--config", "/nonexistent/smtp.toml", "--verbose"])
        .env("SMTP_HOST", "127.0.0.1")
        .env("SMTP_PORT", addr.port().to_string())
        .env("SMTP_USER", USER)
        .env("SMTP_PASS", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn auth_plain_shows_no_password() {
    let smtp = start_with(SmtpOptions {
        accounts: Accounts::test().with(USER, PASSWORD, "puck@fairy.example"),
        ..SmtpOptions::default()
    })
    .unwrap();
    let printed = send(smtp.addr());
    assert!(printed.contains("AUTH PLAIN <secret>"), "{printed}");
    let shown = printed + &smtp.stop().render();
    Secret::new(USER, PASSWORD).assert_absent("smtp_send with AUTH PLAIN", &shown);
}

/// A server that offers AUTH LOGIN only (the fake SMTP server offers PLAIN
/// too, and a client takes PLAIN): the password then travels alone, in
/// base64, after the second `334`.
fn login_only_server() -> PeerHandle {
    let user = format!("{}\r\n", encode_base64(USER.as_bytes()));
    let pass = format!("{}\r\n", encode_base64(PASSWORD.as_bytes()));
    let addr = "127.0.0.1:0".parse().unwrap();
    spawn_tcp("login-only", addr, FaultPlan::none(), move |mut conn| {
        conn.reply(b"220 login-only ESMTP\r\n")?;
        let mut data = false;
        // Bounded: the peer's reads time out, and a session is short.
        while let Line::Complete(line) = conn.read_line(1000)? {
            let text = String::from_utf8_lossy(&line).to_ascii_uppercase();
            let reply = match text.trim_end() {
                _ if data => {
                    data = text != ".\r\n";
                    if data { continue } else { "250 queued" }
                }
                t if t.starts_with("EHLO") => "250-login-only\r\n250 AUTH LOGIN",
                "AUTH LOGIN" => &format!("334 {LOGIN_USER}"),
                _ if line == user.as_bytes() => &format!("334 {LOGIN_PASS}"),
                _ if line == pass.as_bytes() => "235 2.7.0 ok",
                t if t.starts_with("MAIL") || t.starts_with("RCPT") => "250 ok",
                "DATA" => {
                    data = true;
                    "354 go on"
                }
                "QUIT" => {
                    conn.reply(b"221 bye\r\n")?;
                    return Ok(());
                }
                _ => "535 5.7.8 no",
            };
            conn.reply(format!("{reply}\r\n").as_bytes())?;
        }
        Ok(())
    })
    .unwrap()
}

#[test]
fn auth_login_shows_no_password() {
    let server = login_only_server();
    let printed = send(server.addr());
    assert!(printed.contains("C: AUTH LOGIN"), "{printed}");
    let shown = printed + &server.stop().render();
    Secret::new(USER, PASSWORD).assert_absent("smtp_send with AUTH LOGIN", &shown);
}

#[test]
fn a_broken_configuration_shows_no_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smtp.toml");
    for file in broken_configs(PASSWORD) {
        std::fs::write(&path, &file).unwrap();
        let out = smtp_send().arg("--config").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file:?}");
        let shown = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(shown.contains("line "), "{file:?}: {shown}");
        Secret::new(USER, PASSWORD).assert_absent(&format!("smtp_send on {file:?}"), &shown);
    }
}
