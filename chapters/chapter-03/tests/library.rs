//! The chapter's library in three tiers: the daytime core as bytes
//! (golden lines, properties), the clients against the harness's daytime
//! peer under faults (loss, duplication, reordering, delay on UDP; split
//! writes, early close, reset on TCP), and the servers over loopback.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::Duration;

use chapter_03::ask::{self, AskError, RetryPolicy};
use chapter_03::daytime::{self, ReplyError, fixed_clock, parse_reply};
use chapter_03::server::{self, Reply, Request, Shutdown};
use harness::daytime::{DaytimeOptions, TEST_TIME, UdpFaults, daytime_peer, lossy_daytime_peer};
use harness::fault::FaultPlan;
use harness::peer::PeerHandle;
use harness::peer_assert;
use proptest::prelude::*;
use rstest::rstest;

const LINE: &str = "Wednesday, March 14, 2007 15:09:26-UTC";

fn peer(udp: UdpFaults, plan: FaultPlan) -> PeerHandle {
    harness::daytime::start_with(DaytimeOptions {
        udp,
        plan,
        clock: harness::daytime::fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap()
}

fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        timeout: Duration::from_millis(400),
        attempts,
    }
}

// --- bytes -----------------------------------------------------------------

#[test]
fn the_reply_is_the_rfc_867_line_for_the_clock() {
    assert_eq!(
        daytime::reply(&fixed_clock(TEST_TIME)),
        format!("{LINE}\r\n").as_bytes()
    );
    assert_eq!(
        parse_reply(&daytime::reply(&fixed_clock(TEST_TIME))),
        Ok(LINE)
    );
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn parse_reply_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        let _ = parse_reply(&bytes);
    }

    #[test]
    fn every_printable_line_parses_back(text in "[ -~]{1,200}", ending in prop::sample::select(vec!["", "\n", "\r\n"])) {
        prop_assume!(!text.ends_with('\r'));
        let raw = format!("{text}{ending}");
        prop_assert_eq!(parse_reply(raw.as_bytes()), Ok(text.as_str()));
    }

    #[test]
    fn any_instant_gives_one_parseable_line(secs in -5_000_000_000i64..5_000_000_000) {
        let reply = daytime::reply(&fixed_clock(secs));
        prop_assert!(reply.ends_with(b"\r\n"));
        let text = parse_reply(&reply).unwrap();
        prop_assert!(text.ends_with("-UTC"));
    }

    /// Our line and the harness's daytime peer's are written independently
    /// (the peer is the oracle): they agree on every instant.
    #[test]
    fn our_line_matches_the_harness_peers(secs in -5_000_000_000i64..5_000_000_000) {
        let ours = daytime::reply(&fixed_clock(secs));
        let theirs = harness::daytime::daytime_line(harness::daytime::fixed_clock(secs).now());
        prop_assert_eq!(String::from_utf8(ours).unwrap(), theirs);
    }
}

#[test]
fn a_binary_reply_is_rejected_with_its_offset() {
    assert_eq!(
        parse_reply(b"\x16\x03\x01"),
        Err(ReplyError::NotText {
            offset: 0,
            byte: 0x16
        })
    );
}

// --- clients against the fake peer -----------------------------------------

#[rstest]
fn ask_udp_gets_the_line_from_a_well_behaved_peer(daytime_peer: PeerHandle) {
    let answer = ask::ask_udp(daytime_peer.addr(), daytime::REQUEST, quick(1)).unwrap();
    assert_eq!(parse_reply(&answer.bytes), Ok(LINE));
    assert_eq!(answer.attempts, 1);
}

/// `lossy_daytime_peer` loses 30%, duplicates 10%, reorders 10% and delays
/// up to 50 ms, seeded by `WORKBOOK_SEED` or at random (the seed is in the
/// failure message).
#[rstest]
fn ask_udp_survives_loss_duplication_reordering_and_delay(lossy_daytime_peer: PeerHandle) {
    let p = lossy_daytime_peer;
    for i in 0..10 {
        let answer = ask::ask_udp(p.addr(), daytime::REQUEST, quick(30));
        let ok = matches!(&answer, Ok(a) if parse_reply(&a.bytes) == Ok(LINE));
        peer_assert!(p, ok, "ask #{i} failed: {answer:?}");
    }
}

#[test]
fn ask_udp_gives_up_after_its_attempts() {
    let p = peer(UdpFaults::loss(1, 1.0), FaultPlan::none());
    match ask::ask_udp(p.addr(), daytime::REQUEST, quick(2)) {
        Err(AskError::NoAnswer { attempts: 2, .. }) => {}
        other => panic!(
            "{}",
            p.failure(&format!("expected NoAnswer, got {other:?}"))
        ),
    }
    assert_eq!(common::wait_requests(&p, 2), 2);
}

#[test]
fn ask_tcp_reads_until_close_however_the_reply_is_split() {
    for plan in [
        FaultPlan::none(),
        FaultPlan::none().chop(1),
        FaultPlan::fuzz(5),
    ] {
        let p = peer(UdpFaults::none(), plan);
        let answer = ask::ask_tcp(p.addr(), Duration::from_secs(5)).unwrap();
        peer_assert!(
            p,
            parse_reply(&answer.bytes) == Ok(LINE),
            "got {:?}",
            answer.bytes
        );
    }
}

#[test]
fn ask_tcp_reports_a_reset_and_returns_a_cut_reply_as_sent() {
    let p = peer(UdpFaults::none(), FaultPlan::none().reset_after_bytes(5));
    assert!(matches!(
        ask::ask_tcp(p.addr(), Duration::from_secs(5)),
        Err(AskError::Io { .. })
    ));
    // A close after 10 bytes looks like a short reply: TCP daytime has no
    // length and no required line ending, so the close is the only end mark.
    let p = peer(UdpFaults::none(), FaultPlan::none().close_after_bytes(10));
    let answer = ask::ask_tcp(p.addr(), Duration::from_secs(5)).unwrap();
    assert_eq!(answer.bytes, b"Wednesday,");
}

#[test]
fn the_peer_transcript_shows_each_datagram_and_each_fault() {
    let p = peer(
        UdpFaults {
            seed: 7,
            loss: 0.3,
            duplicate: 0.5,
            reorder: 0.0,
            delay: Duration::ZERO,
        },
        FaultPlan::none(),
    );
    for _ in 0..3 {
        ask::ask_udp(
            p.addr(),
            b"time?",
            RetryPolicy {
                timeout: Duration::from_secs(1),
                attempts: 20,
            },
        )
        .unwrap();
    }
    insta::assert_snapshot!("lossy_daytime_peer", p.stop().render());
}

// --- servers over loopback --------------------------------------------------

/// Runs `serve` on a thread; triggers the shutdown and joins on drop.
struct Running(
    Shutdown,
    Option<std::thread::JoinHandle<std::io::Result<()>>>,
);

impl Running {
    fn start(serve: impl FnOnce(Shutdown) -> std::io::Result<()> + Send + 'static) -> Running {
        let stop = Shutdown::new().unwrap();
        let s = stop.clone();
        Running(stop, Some(std::thread::spawn(move || serve(s))))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.trigger();
        if let Some(t) = self.1.take() {
            let outcome = t.join().expect("the server thread panicked");
            outcome.expect("the server returned an error");
        }
    }
}

#[test]
fn the_daytime_server_answers_udp_and_tcp_on_one_port() {
    let (tcp, udp) = server::bind_pair("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = tcp.local_addr().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _server = Running::start(move |stop| {
        server::serve_daytime(
            Some(&udp),
            Some(&tcp),
            &fixed_clock(TEST_TIME),
            &stop,
            |r| {
                let _ = tx.send(r);
            },
        )
    });
    let by_udp = ask::ask_udp(addr, b"x", quick(5)).unwrap();
    let by_tcp = ask::ask_tcp(addr, Duration::from_secs(5)).unwrap();
    assert_eq!(by_udp.bytes, format!("{LINE}\r\n").as_bytes());
    assert_eq!(by_tcp.bytes, format!("{LINE}\r\n").as_bytes());
    let wait = Duration::from_secs(10);
    assert!(matches!(rx.recv_timeout(wait).unwrap(), Request::Udp(_, 1)));
    assert!(matches!(rx.recv_timeout(wait).unwrap(), Request::Tcp(_)));
}

#[test]
fn a_tcp_client_that_never_reads_does_not_stop_the_udp_side() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (taddr, uaddr) = (listener.local_addr().unwrap(), udp.local_addr().unwrap());
    let _server = Running::start(move |stop| {
        server::serve_daytime(Some(&udp), Some(&listener), &fixed_clock(0), &stop, |_| {})
    });
    let _idle = TcpStream::connect(taddr).unwrap(); // connects, never reads
    assert!(ask::ask_udp(uaddr, b"x", quick(5)).is_ok());
}

fn seed_server(reply: Reply) -> (SocketAddr, Running, std::sync::mpsc::Receiver<Vec<u8>>) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let running = Running::start(move |stop| {
        server::serve_udp(&socket, reply, &stop, |data, _| {
            let _ = tx.send(data.to_vec());
        })
    });
    (addr, running, rx)
}

#[test]
fn the_seed_udp_server_greets_and_keeps_serving_after_a_client_vanishes() {
    let (addr, _server, seen) = seed_server(Reply::Greeting);
    // This client sends and disappears: the greeting to it draws an ICMP
    // "port unreachable" (reported to the server or not, depending on the
    // system), which must not end the server.
    let gone = UdpSocket::bind("127.0.0.1:0").unwrap();
    gone.send_to(b"hello and goodbye", addr).unwrap();
    drop(gone);
    assert_eq!(
        seen.recv_timeout(Duration::from_secs(10)).unwrap(),
        b"hello and goodbye"
    );
    let answer = ask::ask_udp(addr, b"Hello from UDP client!", quick(5)).unwrap();
    assert_eq!(answer.bytes, server::GREETING);
}

#[test]
fn the_echo_server_keeps_boundaries_and_bytes() {
    let (addr, _server, _) = seed_server(Reply::Echo);
    for datagram in [&b"a"[..], b"", b"\x00\r\n\xff", &[7u8; 9000]] {
        let answer = ask::ask_udp(addr, datagram, quick(5)).unwrap();
        assert_eq!(answer.bytes, datagram);
    }
}

#[test]
fn resolve_once_prefers_ipv4_and_reports_unknown_hosts() {
    assert_eq!(
        ask::resolve_once("localhost", 13).unwrap(),
        "127.0.0.1:13".parse().unwrap()
    );
    assert!(ask::resolve_once("no-such-host.invalid", 13).is_err());
}

#[test]
fn timeouts_on_the_command_line_are_checked() {
    assert_eq!(ask::parse_seconds("0.25"), Ok(Duration::from_millis(250)));
    for bad in ["0", "-1", "abc", "1e9", "NaN"] {
        assert!(ask::parse_seconds(bad).is_err(), "{bad} accepted");
    }
}
