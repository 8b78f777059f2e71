//! Tests of the `body_print` exercise (filter `body_print::`): each calls the
//! learner's code, so each fails on the untouched stub.

use assert_cmd::Command;
use chapter_08::exercises::body_print::{LIMIT, body_print};
use harness::pop3::start_on_fixtures;
use predicates::prelude::*;

use crate::common::{body, fixture, login, password};

#[test]
fn prints_the_body_of_a_small_message_unstuffed() {
    let pop = start_on_fixtures();
    let mut c = login(&pop, "titania");
    let mut out = Vec::new();
    let size = fixture("titania", 1).len() as u64;
    assert!(body_print(&mut c, 1, size, &mut out).unwrap());
    expect_eq!(out, body(&fixture("titania", 1)));
}

#[test]
fn skips_a_large_message_without_fetching_it() {
    let pop = start_on_fixtures();
    let mut c = login(&pop, "titania");
    let mut out = Vec::new();
    let size = fixture("titania", 2).len() as u64;
    assert!(size > LIMIT);
    let printed = body_print(&mut c, 2, size, &mut out).unwrap();
    expect_eq!(
        printed,
        false,
        "a message of {size} bytes, over LIMIT, is not printed"
    );
    expect_eq!(out, b"");
    c.quit().unwrap();
    let t = pop.stop().render();
    // The client's commands, as the transcript quotes them (`1 C> "RETR 2\r\n"`).
    let fetches: Vec<&str> = t
        .lines()
        .filter_map(|l| l.split_once(" C> \""))
        .map(|(_, command)| command.trim_end_matches("\\r\\n\""))
        .filter(|command| command.starts_with("RETR"))
        .collect();
    expect_eq!(
        fetches,
        Vec::<&str>::new(),
        "a message over the limit is not fetched: the size is known without RETR"
    );
}

#[test]
fn the_limit_is_inclusive() {
    let pop = start_on_fixtures();
    let mut c = login(&pop, "titania");
    let mut out = Vec::new();
    let printed = body_print(&mut c, 3, LIMIT, &mut out).unwrap();
    expect_eq!(
        printed,
        true,
        "a message of exactly LIMIT ({LIMIT}) bytes is printed"
    );
    expect_eq!(out, body(&fixture("titania", 3)));
}

/// `pop_body` (whose core is this exercise) as a process.
#[test]
fn pop_body_prints_small_bodies_only() {
    let pop = start_on_fixtures();
    let out = Command::cargo_bin("pop_body")
        .unwrap()
        .arg("--config")
        .arg("/nonexistent/pop.toml")
        .env("POP3_HOST", "127.0.0.1")
        .env("POP3_PORT", pop.addr().port().to_string())
        .env("POP3_USER", "titania")
        .env("POP3_PASS", password("titania"))
        .assert()
        .success()
        .stdout(predicate::str::contains("What, jealous Oberon?"))
        .stdout(predicate::str::contains(
            "\n.\r\n.. two dots lead this line\r\n.one dot",
        ))
        .stdout(predicate::str::contains("I have had a most rare vision."))
        .stdout(predicate::str::contains("--- End of Msg 3 ---"))
        .stdout(predicate::str::contains("--- End of Msg 2 ---").not())
        .stdout(predicate::str::contains("I know a bank").not())
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
