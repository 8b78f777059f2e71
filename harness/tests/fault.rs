//! Fault plans: each fault does what it says on a real connection, the
//! decisions are deterministic per seed, TOML plans load, and a failure's
//! printed seed replays the identical transcript.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use harness::echo::{self, EchoMode, EchoOptions};
use harness::fault::{ConnFaults, FaultPlan, MalformKind, WriteStep};
use harness::fixtures::seed;
use harness::peer::PeerHandle;
use harness::peer::client::{connect, hang_up, read_n, read_to_close};
use harness::transcript::{Event, Side, Transcript};
use rstest::rstest;

fn echo_with(plan: FaultPlan) -> PeerHandle {
    echo::start_with(EchoOptions {
        plan,
        ..EchoOptions::default()
    })
    .unwrap()
}

/// Sends each line and reads its whole echo before the next, so the
/// transcript does not depend on timing.
fn converse(peer: &PeerHandle, lines: &[&[u8]]) -> TcpStream {
    let mut s = connect(peer.addr()).unwrap();
    for line in lines {
        s.write_all(line).unwrap();
        assert_eq!(
            read_n(&mut s, line.len()).unwrap(),
            *line,
            "{}",
            peer.failure("echo differs")
        );
    }
    s
}

fn server_writes(t: &Transcript) -> Vec<Vec<u8>> {
    t.events
        .iter()
        .filter_map(|e| match e {
            Event::Data {
                from: Side::Server,
                bytes,
                ..
            } => Some(bytes.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn chop_one_writes_every_byte_separately() {
    let peer = echo_with(FaultPlan::none().chop(1));
    hang_up(converse(&peer, &[b"hello\r\n"]));
    let writes = server_writes(&peer.stop());
    assert_eq!(writes.len(), 7);
    assert!(writes.iter().all(|w| w.len() == 1));
}

#[rstest]
fn random_chop_is_deterministic_per_seed(seed: u64) {
    let run = |seed: u64| {
        let peer = echo_with(
            FaultPlan::none()
                .with_seed(seed)
                .chop_random(5)
                .delay(1, true),
        );
        hang_up(converse(
            &peer,
            &[
                b"the quick brown fox jumps over the lazy dog\r\n",
                b"again\r\n",
            ],
        ));
        peer.stop().merge_data_from(Side::Client).render()
    };
    let first = run(seed);
    assert_eq!(
        first,
        run(seed),
        "seed {seed} (replay with WORKBOOK_SEED={seed}) gave two transcripts"
    );
    assert!(first.contains(&format!("# seed: {seed}")));
    let sizes_ok = first.lines().filter(|l| l.starts_with("1 S> ")).count() >= 10;
    assert!(sizes_ok, "pieces of at most 5 bytes expected:\n{first}");
}

#[test]
fn close_after_bytes_cuts_the_reply() {
    let peer = echo_with(FaultPlan::none().close_after_bytes(10));
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"0123456789abcdef\n").unwrap();
    let (got, err) = read_to_close(&mut s, 100);
    assert_eq!(got, b"0123456789");
    assert!(err.is_none());
    let text = peer.stop().render();
    assert!(
        text.contains("1 note \"fault: close after 10 bytes\"\n1 S| close"),
        "{text}"
    );
}

#[test]
fn reset_after_bytes_sends_an_rst() {
    let peer = echo_with(FaultPlan::none().reset_after_bytes(4));
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"abcdefgh\n").unwrap();
    let (got, err) = read_to_close(&mut s, 100);
    assert!(got.len() <= 4, "{got:?}");
    let err = err.expect("a reset, not a clean close");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset);
    let text = peer.stop().render();
    assert!(text.contains("1 S| reset"), "{text}");
}

#[test]
fn close_and_reset_at_reply_k() {
    let peer = echo_with(FaultPlan::none().close_at_reply(2));
    let mut s = converse(&peer, &[b"one\n"]);
    s.write_all(b"two\n").unwrap();
    assert_eq!(read_to_close(&mut s, 100).0, b"");
    let peer = echo_with(FaultPlan::none().reset_at_reply(1));
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"one\n").unwrap();
    let (_, err) = read_to_close(&mut s, 100);
    assert_eq!(
        err.map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionReset)
    );
}

#[test]
fn bare_lf_and_long_lines() {
    let peer = echo_with(FaultPlan::none().bare_lf().long_line(2, 50));
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"a\r\n").unwrap();
    assert_eq!(read_n(&mut s, 2).unwrap(), b"a\n");
    s.write_all(b"b\r\n").unwrap();
    let mut want = vec![b'b'];
    want.resize(50, b'x');
    want.push(b'\n');
    assert_eq!(read_n(&mut s, 51).unwrap(), want);
}

#[test]
fn scripted_replies_answer_the_nth_use_of_a_command() {
    let plan =
        FaultPlan::from_toml(include_str!("../../fixtures/faults/smtp-rcpt-452.toml")).unwrap();
    let peer = echo_with(plan);
    let mut s = connect(peer.addr()).unwrap();
    let mut ask = |line: &[u8], reply: &[u8]| {
        s.write_all(line).unwrap();
        assert_eq!(read_n(&mut s, reply.len()).unwrap(), reply);
    };
    ask(b"RCPT TO:<a@x>\r\n", b"RCPT TO:<a@x>\r\n");
    ask(b"rcpt TO:<b@x>\r\n", b"452 4.5.3 Too many recipients\r\n");
    ask(b"RCPT TO:<c@x>\r\n", b"RCPT TO:<c@x>\r\n");
    ask(b"QUIT\r\n", b"221 2.0.0 Bye\r\n");
    let text = peer.stop().render();
    assert!(
        text.contains("# faults: on RCPT #2 reply \"452 4.5.3 Too many recipients\""),
        "{text}"
    );
}

#[test]
fn malformed_replies_on_the_wire() {
    let peer = echo::start_with(EchoOptions {
        plan: FaultPlan::none().malformed(1, MalformKind::NoEnding),
        mode: EchoMode::OneLineThenClose,
        ..EchoOptions::default()
    })
    .unwrap();
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"250 ok\r\n").unwrap();
    assert_eq!(read_to_close(&mut s, 100).0, b"250 ok");
}

fn written(steps: &[WriteStep]) -> Vec<u8> {
    steps
        .iter()
        .filter_map(|s| {
            if let WriteStep::Write(b) = s {
                Some(b.clone())
            } else {
                None
            }
        })
        .flatten()
        .collect()
}

fn faults(plan: FaultPlan) -> ConnFaults {
    ConnFaults::new(Arc::new(plan), 1)
}

#[test]
fn malform_kinds_without_sockets() {
    let multi = b"250-first\r\n250 last\r\n";
    let mut f = faults(FaultPlan::none().malformed(0, MalformKind::TruncateFinal));
    assert_eq!(written(&f.reply_steps(multi)), b"250-first\r\n");
    assert_eq!(written(&f.reply_steps(b"+OK\r\n")), b"+OK");
    let mut f = faults(FaultPlan::none().malformed(1, MalformKind::Cut));
    assert_eq!(written(&f.reply_steps(b"12345678")), b"1234");
    assert_eq!(
        written(&f.reply_steps(b"12345678")),
        b"12345678",
        "only reply 1 is damaged"
    );
    let mut f = faults(
        FaultPlan::none()
            .with_seed(9)
            .malformed(1, MalformKind::Garbage),
    );
    let junk = written(&f.reply_steps(b"250 ok\r\n"));
    assert!(junk.ends_with(b"\r\n") && junk != b"250 ok\r\n", "{junk:?}");
    let mut again = faults(
        FaultPlan::none()
            .with_seed(9)
            .malformed(1, MalformKind::Garbage),
    );
    assert_eq!(
        written(&again.reply_steps(b"250 ok\r\n")),
        junk,
        "garbage is seeded"
    );
}

#[test]
fn write_steps_chop_pause_and_stop_at_the_byte_limit() {
    let mut f = faults(
        FaultPlan::none()
            .chop(3)
            .delay(2, false)
            .close_after_bytes(7),
    );
    let steps = f.write_steps(b"abcdefghij");
    let pause = WriteStep::Pause(Duration::from_millis(2));
    let w = |b: &[u8]| WriteStep::Write(b.to_vec());
    assert_eq!(
        steps,
        vec![
            pause.clone(),
            w(b"abc"),
            pause.clone(),
            w(b"def"),
            pause,
            w(b"g"),
            WriteStep::Close("fault: close after 7 bytes".into())
        ]
    );
}

#[test]
fn plans_load_from_every_example_file_and_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/faults");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let plan =
            FaultPlan::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
        assert_ne!(
            plan,
            FaultPlan::none(),
            "{} should fault something",
            path.display()
        );
        assert_eq!(FaultPlan::from_toml(&plan.to_toml()).unwrap(), plan);
        n += 1;
    }
    assert!(n >= 5);
    let err = FaultPlan::from_toml("chopp = 1").unwrap_err();
    assert!(format!("{err:#}").contains("chopp"), "{err:#}");
}

#[test]
fn fuzz_plans_are_a_function_of_the_seed() {
    assert_eq!(FaultPlan::fuzz(77), FaultPlan::fuzz(77));
    assert_eq!(FaultPlan::fuzz(77).seed(), 77);
    let distinct: std::collections::HashSet<String> =
        (0..20).map(|s| FaultPlan::fuzz(s).summary()).collect();
    assert!(distinct.len() > 2, "{distinct:?}");
}

/// The seed printed by a failure message, fed back, gives the same transcript.
#[rstest]
fn a_failures_printed_seed_replays_the_identical_transcript(seed: u64) {
    let run = |seed: u64| {
        let peer = echo_with(FaultPlan::fuzz(seed).chop_random(4));
        hang_up(converse(
            &peer,
            &[b"EHLO client.example\r\n", b"MAIL FROM:<a@b.example>\r\n"],
        ));
        let message = peer.failure("pretend this test failed");
        (peer.stop().merge_data_from(Side::Client), message)
    };
    let (first, message) = run(seed);
    let printed: u64 = regex::Regex::new(r"WORKBOOK_SEED=(\d+)")
        .unwrap()
        .captures(&message)
        .expect("seed in message")[1]
        .parse()
        .unwrap();
    let (replay, _) = run(printed);
    assert_eq!(replay.render(), first.render(), "replaying {message}");
}
