//! `pop_headers` as a process against the fake POP3 server: the seed's
//! listing (Subject, From, Date, Size per message), headers unfolded and
//! decoded, the account from the configuration file and the environment,
//! and the password nowhere in the output. (`pop_body`'s test belongs to
//! its exercise: `body_print::` in tests/exercises/body_print.rs.)

mod common;

use assert_cmd::Command;
use harness::pop3::{FakePop3, start_on_fixtures};
use predicates::prelude::*;

fn pop_headers() -> Command {
    let mut cmd = Command::cargo_bin("pop_headers").unwrap();
    for var in ["POP3_HOST", "POP3_PORT", "POP3_USER", "POP3_PASS"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A config file for `user` whose password comes from $TEST_POP3_SECRET.
fn config(pop: &FakePop3, user: &str, dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("pop.toml");
    let text = format!(
        "server = \"127.0.0.1\"\nport = {}\nuser = \"{user}\"\npassword_env = \"TEST_POP3_SECRET\"\n",
        pop.addr().port()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn lists_the_moonlight_message() {
    let pop = start_on_fixtures();
    let dir = tempfile::tempdir().unwrap();
    let size = common::fixture("oberon", 1).len();
    let expected = format!(
        "Connecting to 127.0.0.1\nRetrieving headers\n--- Msg 1 ---\nSubject: Moonlight\n\
         From: Puck <puck@fairy.example>\nDate: Sun, 21 Jun 2026 00:30:00 +0000\nSize: {size}\n\
         Disconnecting from 127.0.0.1\n"
    );
    pop_headers()
        .arg("--config")
        .arg(config(&pop, "oberon", &dir))
        .env("TEST_POP3_SECRET", common::OBERON_PASS)
        .assert()
        .success()
        .stdout(expected);
    let t = pop.stop().render();
    assert!(t.contains("TOP 1 0"), "headers only, no RETR: {t}");
    assert!(!t.contains("RETR"), "{t}");
}

#[test]
fn decodes_and_unfolds_headers_and_quits() {
    let pop = start_on_fixtures();
    let dir = tempfile::tempdir().unwrap();
    let out = pop_headers()
        .arg("-c")
        .arg(config(&pop, "titania", &dir))
        .arg("--plain")
        .env("TEST_POP3_SECRET", common::TITANIA_PASS)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "--- Msg 1 ---\nSubject: Ill met by moonlight, proud Titania ☾\nFrom: Oberon König <oberon@fairy.example>\n",
        ))
        .stdout(predicate::str::contains("--- Msg 3 ---\nSubject: Short and sweet\n"))
        .get_output()
        .clone();
    let shown =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!shown.contains(common::TITANIA_PASS));
    let t = pop.stop().render();
    assert!(t.contains("PASS <secret>") && t.contains("QUIT"), "{t}");
}

#[test]
fn the_environment_overrides_the_file() {
    let pop = start_on_fixtures();
    pop_headers()
        .arg("--config")
        .arg("/nonexistent/pop.toml")
        .env("POP3_HOST", "127.0.0.1")
        .env("POP3_PORT", pop.addr().port().to_string())
        .env("POP3_USER", "oberon")
        .env("POP3_PASS", common::OBERON_PASS)
        .assert()
        .success()
        .stdout(predicate::str::contains("Subject: Moonlight"));
}

#[test]
fn a_wrong_password_is_a_clear_error() {
    let pop = start_on_fixtures();
    pop_headers()
        .arg("--config")
        .arg("/nonexistent/pop.toml")
        .env("POP3_HOST", "127.0.0.1")
        .env("POP3_PORT", pop.addr().port().to_string())
        .env("POP3_USER", "oberon")
        .env("POP3_PASS", "guess")
        .arg("--plain")
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot log in as oberon"))
        .stderr(predicate::str::contains("[AUTH]"))
        .stderr(predicate::str::contains("guess").not());
}

/// A server sending one byte every 50 ms never trips the per-reply wait;
/// `--max-time` cuts the whole session off, with one clear error.
#[test]
fn a_trickling_server_is_cut_off_by_max_time() {
    let mut opts = harness::pop3::Pop3Options::new("");
    opts.plan = harness::fault::FaultPlan::none().chop(1).delay(50, false);
    let pop = harness::pop3::start_on_fixtures_with(opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    pop_headers()
        .arg("--config")
        .arg(config(&pop, "oberon", &dir))
        .args(["--max-time", "1"])
        .env("TEST_POP3_SECRET", common::OBERON_PASS)
        .assert()
        .failure()
        .stderr(predicate::str::contains("total timeout"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_missing_config_says_what_to_do() {
    pop_headers()
        .arg("--config")
        .arg("/nonexistent/pop.toml")
        .assert()
        .failure()
        .stderr(predicate::str::contains("POP3_HOST is not set"));
}

#[test]
fn help_describes_the_configuration() {
    for bin in ["pop_headers", "pop_body"] {
        Command::cargo_bin(bin)
            .unwrap()
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("password_env"))
            .stdout(predicate::str::contains("POP3_HOST"));
    }
}

/// The output the book shows (`fixtures/pop_headers.out`) is what the
/// program prints for Titania's maildrop.
#[test]
fn output_matches_the_books_fixture() {
    let pop = start_on_fixtures();
    let out = pop_headers()
        .arg("--config")
        .arg("/nonexistent/pop.toml")
        .env("POP3_HOST", "127.0.0.1")
        .env("POP3_PORT", pop.addr().port().to_string())
        .env("POP3_USER", "titania")
        .env("POP3_PASS", common::TITANIA_PASS)
        .assert()
        .success();
    harness::golden::assert_golden("fixtures/pop_headers.out", &out.get_output().stdout);
}
