//! The peer framework and the echo peer: real servers on loopback that
//! echo, cap lines, survive misbehaving serve functions, and stop cleanly.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use harness::echo::{self, EchoMode, EchoOptions};
use harness::fault::FaultPlan;
use harness::fixtures::*;
use harness::peer::client::{connect, read_n, read_to_close};
use harness::peer::{Line, PeerHandle, spawn_tcp};
use harness::peer_assert;
use harness::transcript::{Event, Side};
use rstest::rstest;

#[rstest]
fn echo_peer_echoes_lines_and_records_them(echo_peer: PeerHandle) {
    let mut s = connect(echo_peer.addr()).unwrap();
    s.write_all(b"hello\r\n").unwrap();
    assert_eq!(read_n(&mut s, 7).unwrap(), b"hello\r\n");
    s.write_all(b"bare lf\n").unwrap();
    assert_eq!(read_n(&mut s, 8).unwrap(), b"bare lf\n");
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let (rest, err) = read_to_close(&mut s, 1024);
    assert!(rest.is_empty() && err.is_none(), "{rest:?} {err:?}");
    let t = echo_peer.stop().merge_data_from(Side::Client);
    let text = t.render();
    let want = "# peer: echo\n# seed: 0\n# faults: none\n1 open \"client-1\"\n1 C> \"hello\\r\\n\"\n1 S> \"hello\\r\\n\"\n\
                1 C> \"bare lf\\n\"\n1 S> \"bare lf\\n\"\n1 C| half-close\n1 S| close\n";
    assert_eq!(text, want);
}

#[rstest]
fn byte_echo_returns_chunks_as_read(byte_echo_peer: PeerHandle) {
    let mut s = connect(byte_echo_peer.addr()).unwrap();
    s.write_all(b"no newline").unwrap();
    assert_eq!(read_n(&mut s, 10).unwrap(), b"no newline");
}

#[test]
fn over_long_line_gets_an_error_and_a_close() {
    let opts = EchoOptions {
        max_line: 16,
        ..EchoOptions::default()
    };
    let peer = echo::start_with(opts).unwrap();
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(&[b'a'; 40]).unwrap();
    let (reply, _) = read_to_close(&mut s, 4096);
    assert_eq!(reply, b"error: line longer than 16 bytes\r\n");
}

#[test]
fn one_line_then_close() {
    let peer = echo::start_with(EchoOptions {
        mode: EchoMode::OneLineThenClose,
        ..EchoOptions::default()
    })
    .unwrap();
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"one\r\ntwo\r\n").unwrap();
    let (reply, _) = read_to_close(&mut s, 4096);
    assert_eq!(reply, b"one\r\n");
}

#[test]
fn a_client_vanishing_mid_line_is_noted() {
    let peer = echo::start();
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"half a li").unwrap();
    drop(s);
    let noted = |events: &[Event]| {
        events.iter().any(
            |e| matches!(e, Event::Note { conn: Some(1), text } if text.contains("mid-line (9 bytes")),
        )
    };
    let seen = peer.recorder().wait_for(Duration::from_secs(10), noted);
    peer_assert!(peer, seen, "no note about the vanished client");
    // The server is still there for the next client.
    let mut s2 = connect(peer.addr()).unwrap();
    s2.write_all(b"x\n").unwrap();
    assert_eq!(read_n(&mut s2, 2).unwrap(), b"x\n");
}

#[test]
fn serve_errors_and_panics_end_one_connection_only() {
    let peer = spawn_tcp(
        "flaky",
        "127.0.0.1:0".parse().unwrap(),
        FaultPlan::none(),
        |mut conn| match conn.read_line(100)? {
            Line::Complete(l) if l.starts_with(b"panic") => panic!("asked to"),
            Line::Complete(l) if l.starts_with(b"err") => {
                Err(std::io::Error::other("asked to fail"))
            }
            _ => conn.reply(b"ok\n"),
        },
    )
    .unwrap();
    for (line, want) in [
        (&b"panic\n"[..], &b""[..]),
        (b"err\n", b""),
        (b"fine\n", b"ok\n"),
    ] {
        let mut s = connect(peer.addr()).unwrap();
        s.write_all(line).unwrap();
        let (reply, _) = read_to_close(&mut s, 100);
        assert_eq!(reply, want, "after {line:?}");
    }
    let text = peer.stop().render();
    assert!(
        text.contains("1 note \"the peer's serve function panicked\""),
        "{text}"
    );
    assert!(
        text.contains("2 note \"connection ended with an error: asked to fail\""),
        "{text}"
    );
}

#[test]
fn stop_unblocks_idle_connections_and_refuses_new_ones() {
    let peer = echo::start();
    let addr = peer.addr();
    let mut idle: Vec<TcpStream> = (0..5).map(|_| connect(addr).unwrap()).collect();
    // Make sure all five were accepted before stopping.
    for s in &mut idle {
        s.write_all(b"hi\n").unwrap();
        assert_eq!(read_n(s, 3).unwrap(), b"hi\n");
    }
    let t = peer.stop();
    for s in &mut idle {
        let (rest, _) = read_to_close(s, 100);
        assert!(rest.is_empty());
    }
    assert!(
        TcpStream::connect(addr).is_err(),
        "listener must be closed after stop"
    );
    let closes = t
        .events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Close {
                    from: Side::Server,
                    ..
                }
            )
        })
        .count();
    assert_eq!(closes, 5, "{}", t.render());
}

#[test]
fn an_idle_client_times_out_and_is_closed() {
    let config = harness::peer::PeerConfig {
        io_timeout: Duration::from_millis(100),
        ..Default::default()
    };
    let peer = echo::start_with(EchoOptions {
        config,
        ..EchoOptions::default()
    })
    .unwrap();
    let mut s = connect(peer.addr()).unwrap();
    let (rest, _) = read_to_close(&mut s, 100);
    assert!(rest.is_empty());
    let text = peer.stop().render();
    assert!(
        text.ends_with("1 open \"client-1\"\n1 S| timeout\n1 S| close\n"),
        "{text}"
    );
}

#[test]
fn dropping_the_handle_stops_the_peer() {
    let peer = echo::start();
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(b"a\n").unwrap();
    assert_eq!(read_n(&mut s, 2).unwrap(), b"a\n");
    drop(peer);
    let (rest, err) = read_to_close(&mut s, 100);
    assert!(rest.is_empty() && err.is_none(), "{rest:?} {err:?}");
}

#[test]
fn failure_messages_carry_the_seed_and_the_transcript() {
    let peer = echo::start_with(EchoOptions {
        plan: FaultPlan::fuzz(4242),
        ..EchoOptions::default()
    })
    .unwrap();
    let msg = peer.failure("expected something else");
    assert!(msg.contains("expected something else"), "{msg}");
    assert!(msg.contains("WORKBOOK_SEED=4242"), "{msg}");
    assert!(msg.contains("# seed: 4242"), "{msg}");
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        peer_assert!(peer, 1 + 1 == 3, "math is {}", "hard")
    }));
    let text = caught.unwrap_err().downcast::<String>().unwrap();
    assert!(
        text.contains("math is hard") && text.contains("WORKBOOK_SEED=4242"),
        "{text}"
    );
}

#[test]
fn a_full_peer_evicts_the_longest_idle_connection_for_a_new_one() {
    let config = harness::peer::PeerConfig {
        max_conns: 2,
        busy_reply: b"full\r\n".to_vec(),
        ..Default::default()
    };
    let peer = echo::start_with(EchoOptions {
        config,
        ..EchoOptions::default()
    })
    .unwrap();
    let (mut first, mut second) = (connect(peer.addr()).unwrap(), connect(peer.addr()).unwrap());
    for s in [&mut first, &mut second] {
        s.write_all(b"a\n").unwrap();
        assert_eq!(read_n(s, 2).unwrap(), b"a\n");
    }
    // An idle one makes room, told why, and closes (which one: the one
    // idle the longest, `peer::room`'s own tests check; here either
    // thread may have been the last to go back to reading).
    // A connection counts as idle only once its thread is back in a read:
    // if neither thread has got there yet, the third is turned away with
    // "full" at once, and tries again (bounded).
    let mut served = false;
    for _ in 0..50 {
        let mut third = connect(peer.addr()).unwrap();
        third.write_all(b"c\n").unwrap();
        if read_n(&mut third, 2).unwrap() == b"c\n" {
            served = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(served, "a third client was never served");
    // The evicted one has something to read (the farewell); the other not.
    use harness::peer::poll::{PollFlags, poll, ready, want};
    let mut fds = [want(&first, PollFlags::IN), want(&second, PollFlags::IN)];
    poll(&mut fds, Some(Duration::from_secs(10))).unwrap();
    let first_evicted = ready(&fds[0]);
    let (mut gone, mut kept) = match first_evicted {
        true => (first, second),
        false => (second, first),
    };
    let (rest, _) = read_to_close(&mut gone, 100);
    assert_eq!(rest, b"full\r\n");
    kept.write_all(b"b\n").unwrap();
    assert_eq!(read_n(&mut kept, 2).unwrap(), b"b\n");
    let text = peer.stop().render();
    assert!(
        text.contains("note \"evicted: 2 connections open and this one idle the longest"),
        "{text}"
    );
}

#[test]
fn a_full_peer_with_none_idle_turns_the_next_away_at_once_and_says_so() {
    let config = harness::peer::PeerConfig {
        max_conns: 1,
        busy_reply: b"full\r\n".to_vec(),
        ..Default::default()
    };
    // Busy for as long as the test runs (bounded): it never waits to read.
    let peer = harness::peer::spawn_tcp_with(
        "busy",
        "127.0.0.1:0".parse().unwrap(),
        FaultPlan::none(),
        config,
        |mut conn| {
            conn.send(b"hi\n")?;
            for _ in 0..1000 {
                if conn.stopping() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(())
        },
    )
    .unwrap();
    let mut first = connect(peer.addr()).unwrap();
    assert_eq!(read_n(&mut first, 3).unwrap(), b"hi\n");
    let mut second = connect(peer.addr()).unwrap();
    let (rest, _) = read_to_close(&mut second, 100);
    assert_eq!(rest, b"full\r\n");
    let text = peer.stop().render();
    assert!(
        text.contains("2 note \"turned away: 1 connections already open, none idle\"\n2 S> \"full\\r\\n\"\n2 S| close"),
        "{text}"
    );
}

#[test]
fn a_closed_port_refuses_connections_while_it_is_held() {
    let closed = harness::peer::client::ClosedPort::new().unwrap();
    for _ in 0..3 {
        let err = std::net::TcpStream::connect(closed.addr()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
    }
    // Nobody else can listen there meanwhile.
    assert!(std::net::TcpListener::bind(closed.addr()).is_err());
}
