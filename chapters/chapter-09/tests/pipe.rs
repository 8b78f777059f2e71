//! The two-way pipe conversation of `chapter_09::pipe`: replies stream to the
//! callback as they come, large transfers do not deadlock, over-long reply
//! lines arrive in capped pieces, and a hung program is killed at the limit.

use std::process::Command;
use std::time::{Duration, Instant};

use chapter_09::pipe::{PipeOptions, converse};

fn collect(
    cmd: &mut Command,
    lines: Vec<Vec<u8>>,
    options: &PipeOptions,
) -> (Vec<Vec<u8>>, chapter_09::pipe::Outcome) {
    let mut replies = Vec::new();
    let outcome = converse(cmd, lines, options, &mut |r| {
        replies.push(r.to_vec());
        Ok(())
    })
    .unwrap();
    (replies, outcome)
}

#[test]
fn sends_with_crlf_and_hands_over_each_reply() {
    let (replies, outcome) = collect(
        &mut Command::new("cat"),
        vec![b"a".to_vec(), b"b".to_vec()],
        &PipeOptions::default(),
    );
    assert_eq!(replies, [b"a\r\n".to_vec(), b"b\r\n".to_vec()]);
    assert_eq!(
        (outcome.sent, outcome.received, outcome.timed_out),
        (2, 2, false)
    );
    assert!(outcome.status.success() && outcome.write_error.is_none());
}

#[test]
fn moves_megabytes_both_ways_without_deadlock() {
    let lines: Vec<Vec<u8>> = (0..40_000)
        .map(|i| format!("{i:08} {}", "y".repeat(60)).into_bytes())
        .collect();
    let options = PipeOptions {
        time_limit: Duration::from_secs(60),
        ..PipeOptions::default()
    };
    let (replies, outcome) = collect(&mut Command::new("cat"), lines.clone(), &options);
    assert!(!outcome.timed_out, "killed at the time limit: a deadlock");
    assert_eq!(replies.len(), lines.len());
    assert!(
        replies
            .iter()
            .zip(&lines)
            .all(|(r, l)| r.strip_suffix(b"\r\n") == Some(l.as_slice()))
    );
}

#[test]
fn cuts_an_endless_reply_into_capped_pieces() {
    let mut head = Command::new("head");
    head.args(["-c", "100000", "/dev/zero"]);
    let options = PipeOptions {
        max_line: 4096,
        ..PipeOptions::default()
    };
    let (replies, _) = collect(&mut head, vec![], &options);
    assert!(replies.iter().all(|r| r.len() <= 4096));
    assert_eq!(replies.iter().map(Vec::len).sum::<usize>(), 100_000);
}

#[test]
fn kills_a_program_that_hangs() {
    let mut sleep = Command::new("sleep");
    sleep.arg("300");
    let options = PipeOptions {
        time_limit: Duration::from_secs(1),
        ..PipeOptions::default()
    };
    let started = Instant::now();
    let (_, outcome) = collect(&mut sleep, vec![], &options);
    assert!(outcome.timed_out && !outcome.status.success());
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn reports_a_program_that_stops_reading() {
    let mut head = Command::new("head");
    head.args(["-n", "1"]);
    let lines: Vec<Vec<u8>> = (0..100_000)
        .map(|i| format!("line {i}").into_bytes())
        .collect();
    let (replies, outcome) = collect(&mut head, lines, &PipeOptions::default());
    assert_eq!(replies, [b"line 0\r\n".to_vec()]);
    assert!(
        outcome
            .write_error
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    );
}
