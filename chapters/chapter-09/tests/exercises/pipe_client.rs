//! Tests of the `pipe_client` exercise (filter `pipe_client::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::common::within;
use chapter_09::exercises::pipe_client::converse;
use std::io::ErrorKind;
use std::process::Command;
use std::time::Duration;

/// Far longer than any of these conversations takes (milliseconds), short
/// enough that a deadlock fails the test quickly instead of hanging it.
const LIMIT: Duration = Duration::from_secs(3);

#[test]
fn sends_lines_and_reads_the_replies() {
    let lines = vec!["one".to_string(), "two words".into(), "three".into()];
    let out = within(LIMIT, move || {
        converse(&mut Command::new("cat"), lines).unwrap()
    });
    let out = out.expect(
        "no result within 3 s (or a panic, printed above): `cat` ends only when its input is closed",
    );
    expect_eq!(out, ["one", "two words", "three"]);
}

#[test]
fn reads_a_program_that_transforms_its_input() {
    let mut tr = Command::new("tr");
    tr.args(["a-z", "A-Z"]);
    let out = within(LIMIT, move || {
        converse(&mut tr, vec!["shout".into(), "".into()]).unwrap()
    });
    let out = out.expect("no result within 3 s (or a panic, printed above)");
    expect_eq!(out, ["SHOUT", ""]);
}

#[test]
fn does_not_deadlock_when_both_pipes_fill() {
    // About 1 MiB each way: far more than a pipe holds (64 KiB), so
    // writing everything before reading anything would block forever.
    let lines: Vec<String> = (0..20_000)
        .map(|i| format!("line {i:05} {}", "x".repeat(40)))
        .collect();
    let expected = lines.clone();
    let out = within(LIMIT, move || {
        converse(&mut Command::new("cat"), lines).unwrap()
    });
    let out = out.expect("no result within 3 s: did the writing and the reading block each other?");
    expect_eq!(out.len(), expected.len());
    assert!(out == expected, "the replies differ from the lines sent");
}

#[test]
fn talks_to_the_echo_program() {
    let mut echo = Command::new(env!("CARGO_BIN_EXE_echo_stdio"));
    echo.env("ECHO_STDIO_TIME", "10:39:31");
    let lines = vec!["Hello".to_string(), "again".into(), "".into()];
    let out = within(LIMIT, move || converse(&mut echo, lines).unwrap())
        .expect("no result within 3 s (or a panic, printed above)");
    expect_eq!(
        out,
        [
            "Rust echo server opening / 10:39:31",
            "Hello",
            "again",
            "Rust echo server closing / 10:39:31"
        ]
    );
}

#[test]
fn a_missing_program_is_an_error() {
    let out = within(LIMIT, || {
        converse(&mut Command::new("/no/such/program"), vec![]).map_err(|e| e.kind())
    });
    let out =
        out.expect("converse hung on a program that does not exist: it should return the error");
    expect_eq!(out, Err(ErrorKind::NotFound));
}

#[test]
fn a_program_that_stops_reading_early_is_not_a_hang() {
    // `head -n 1` exits after one line: later writes fail (broken pipe),
    // which must end the conversation, not hang it.
    let mut head = Command::new("head");
    head.args(["-n", "1"]);
    let lines: Vec<String> = (0..50_000).map(|i| format!("line {i}")).collect();
    let out = within(LIMIT, move || {
        converse(&mut head, lines).map_err(|e| e.kind())
    });
    let out = out.expect("no result within 3 s: hung after the program exited");
    expect_eq!(
        out,
        Ok(vec!["line 0".to_string()]),
        "the program's replies are the result, whatever happened to the lines it did not read"
    );
}
