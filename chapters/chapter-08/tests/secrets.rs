//! Chapter 8's programs never show the account's password: logging in with
//! APOP (the default when the server offers it) or USER/PASS (`--plain`),
//! in their output, in the fake server's transcript, or when the
//! configuration file is broken on the password's own line. Everything is
//! searched for the password in clear and in base64, and for the APOP
//! digest sent ([`harness::hostile::Secret`]).

mod common;

use assert_cmd::Command;
use harness::hostile::{Secret, broken_configs};
use harness::pop3::start_on_fixtures;
use harness::transcript::{Side, Transcript};

/// The programs that log in: `pop_body` only with the reference solutions
/// (its body printing is an exercise).
fn programs() -> Vec<&'static str> {
    let mut names = vec!["pop_headers"];
    if cfg!(feature = "solutions") {
        names.push("pop_body");
    }
    names
}

fn program(name: &str) -> Command {
    let mut cmd = Command::cargo_bin(name).unwrap();
    for var in ["POP3_HOST", "POP3_PORT", "POP3_USER", "POP3_PASS"] {
        cmd.env_remove(var);
    }
    cmd
}

/// The APOP digest the client sent, if it used APOP.
fn apop_digest_sent(t: &Transcript) -> Option<String> {
    let sent = String::from_utf8_lossy(&t.bytes(1, Side::Client)).into_owned();
    let line = sent.lines().find(|l| l.starts_with("APOP "))?;
    line.split_whitespace().nth(2).map(str::to_string)
}

#[test]
fn no_login_shows_the_password() {
    for name in programs() {
        for plain in [false, true] {
            let pop = start_on_fixtures();
            let mut cmd = program(name);
            cmd.args(["--config", "/nonexistent/pop.toml"])
                .env("POP3_HOST", "127.0.0.1")
                .env("POP3_PORT", pop.addr().port().to_string())
                .env("POP3_USER", "oberon")
                .env("POP3_PASS", common::OBERON_PASS);
            if plain {
                cmd.arg("--plain");
            }
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{name}: {out:?}");
            let t = pop.stop();
            let digest = apop_digest_sent(&t);
            assert_eq!(digest.is_some(), !plain, "{name}: APOP unless --plain");
            let shown = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr)
                + &t.render();
            let mut secret = Secret::new("oberon", common::OBERON_PASS);
            if let Some(digest) = &digest {
                secret = secret.with_form("as its APOP digest", digest);
            }
            let how = if plain { "USER/PASS" } else { "APOP" };
            secret.assert_absent(&format!("{name} with {how}"), &shown);
        }
    }
}

#[test]
fn a_broken_configuration_shows_no_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pop.toml");
    for name in programs() {
        for file in broken_configs(common::OBERON_PASS) {
            std::fs::write(&path, &file).unwrap();
            let out = program(name).arg("--config").arg(&path).output().unwrap();
            assert!(!out.status.success(), "{name} on {file:?}");
            let shown = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(shown.contains("line "), "{name} on {file:?}: {shown}");
            let secret = Secret::new("oberon", common::OBERON_PASS);
            secret.assert_absent(&format!("{name} on {file:?}"), &shown);
        }
    }
}
