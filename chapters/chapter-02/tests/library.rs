//! The chapter's library in three tiers: the pattern matcher and the deadline
//! on plain values (golden cases and properties), then the blocking stream
//! and the socket typestate over loopback against harness peers with faults.

mod common;

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use chapter_02::pattern::{Match, Matcher, Pattern};
use chapter_02::socket::{Tcp, bind, connect};
use chapter_02::stream::{Ended, Stream};
use chapter_02::timeout::{Expired, MIN_WAIT, Timeouts};
use common::{Then, sender};
use harness::fault::FaultPlan;
use proptest::prelude::*;

const S: Duration = Duration::from_secs(1);

fn ready(m: &mut Matcher, p: Pattern) -> Vec<u8> {
    match m.next(p) {
        Match::Ready(data) => data,
        other => panic!("expected {p} to be ready, got {other:?}"),
    }
}

#[test]
fn the_line_pattern_drops_every_cr_and_the_lf() {
    let mut m = Matcher::default();
    m.feed(b"a\r\r\nb\rc\nrest");
    assert_eq!(ready(&mut m, Pattern::Line), b"a");
    assert_eq!(ready(&mut m, Pattern::Line), b"bc");
    assert_eq!(m.next(Pattern::Line), Match::Pending);
    assert_eq!(m.take_partial(Pattern::Line), b"rest");
}

#[test]
fn blocks_wait_for_all_their_bytes_and_all_waits_for_the_end() {
    let mut m = Matcher::default();
    m.feed(b"abc");
    assert_eq!(m.next(Pattern::Bytes(4)), Match::Pending);
    m.feed(b"d\r\ne");
    assert_eq!(ready(&mut m, Pattern::Bytes(4)), b"abcd");
    assert_eq!(m.next(Pattern::All), Match::Pending);
    assert_eq!(m.take_partial(Pattern::All), b"\r\ne", "*a keeps CRs");
}

#[test]
fn caps_lines_blocks_and_everything() {
    let mut m = Matcher::new(4, 8);
    m.feed(b"abcd\nabcde\n");
    assert_eq!(
        ready(&mut m, Pattern::Line),
        b"abcd",
        "exactly the cap is fine"
    );
    assert_eq!(m.next(Pattern::Line), Match::TooLong(b"abcd".to_vec()));
    assert_eq!(m.next(Pattern::Bytes(9)), Match::TooLong(Vec::new()));
    m.feed(b"123456789");
    assert!(matches!(m.next(Pattern::All), Match::TooLong(d) if d.len() == 8));
}

#[test]
fn patterns_parse_from_luasocket_spelling() {
    assert_eq!("*l".parse::<Pattern>(), Ok(Pattern::Line));
    assert_eq!("*a".parse::<Pattern>(), Ok(Pattern::All));
    assert_eq!("512".parse::<Pattern>(), Ok(Pattern::Bytes(512)));
    assert!("*x".parse::<Pattern>().unwrap_err().contains("*l, *a"));
    assert_eq!(Pattern::Bytes(3).to_string(), "3");
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn the_matcher_finds_the_same_lines_however_fed(
        (lines, chunks) in harness::strategies::line_stream(harness::strategies::Ending::Mixed, 10)
            .prop_flat_map(|(l, s)| (Just(l), harness::strategies::chunked(s)))
    ) {
        let mut m = Matcher::default();
        let mut got = Vec::new();
        for chunk in chunks {
            m.feed(&chunk);
            while let Match::Ready(line) = m.next(Pattern::Line) {
                got.push(line);
            }
        }
        prop_assert_eq!(got, lines);
        prop_assert_eq!(m.buffered(), 0);
    }

    #[test]
    fn the_matcher_never_panics_and_never_grows_past_its_cap(
        data in harness::strategies::binary(300), n in 0usize..64
    ) {
        let mut m = Matcher::new(16, 32);
        m.feed(&data);
        for p in [Pattern::Line, Pattern::Bytes(n), Pattern::All] {
            if let Match::Ready(d) | Match::TooLong(d) = m.next(p) {
                prop_assert!(d.len() <= 32);
            }
        }
    }
}

#[test]
fn a_deadline_waits_the_smaller_of_block_and_what_is_left() {
    let t0 = Instant::now();
    let both = Timeouts {
        block: Some(S),
        total: Some(3 * S),
    }
    .start(t0);
    assert_eq!(both.next_wait(t0), Ok(Some(S)));
    assert_eq!(both.next_wait(t0 + 2 * S + S / 2), Ok(Some(S / 2)));
    assert_eq!(both.next_wait(t0 + 3 * S), Err(Expired));
    assert_eq!(Timeouts::NONE.start(t0).next_wait(t0 + 1000 * S), Ok(None));
    assert_eq!(
        Timeouts::block(Duration::ZERO).start(t0).next_wait(t0),
        Ok(Some(MIN_WAIT))
    );
    assert_eq!(
        Timeouts::total(2 * S).start(t0).next_wait(t0 + S),
        Ok(Some(S))
    );
}

fn stream_to(peer: &harness::peer::PeerHandle, t: Timeouts) -> Stream<std::net::TcpStream> {
    let mut s = Stream::new(common::connect(peer));
    s.set_timeouts(t);
    s
}

#[test]
fn the_stream_receives_each_pattern_through_one_byte_writes() {
    let peer = sender(
        &[b"line one\r\n12345the rest"],
        FaultPlan::none().chop(1),
        Then::Close,
    );
    let mut s = stream_to(&peer, Timeouts::block(10 * S));
    assert_eq!(s.receive(Pattern::Line, b"").unwrap(), b"line one");
    assert_eq!(s.receive(Pattern::Bytes(5), b"").unwrap(), b"12345");
    assert_eq!(s.receive(Pattern::All, b"> ").unwrap(), b"> the rest");
}

#[test]
fn a_slow_peer_hits_the_total_timeout_and_the_prefix_resumes() {
    let line = b"one byte every 50 ms, a long wait\n";
    let plan = FaultPlan::none().chop(1).delay(50, false);
    let peer = sender(&[line], plan, Then::Hold);
    let mut s = stream_to(
        &peer,
        Timeouts {
            block: Some(5 * S),
            total: Some(S / 4),
        },
    );
    let err = s.receive(Pattern::Line, b"").unwrap_err();
    assert_eq!(
        err.ended,
        Ended::Timeout,
        "{}",
        peer.failure("expected a timeout")
    );
    assert!(line.starts_with(&err.partial) && err.partial.len() < line.len());
    s.set_timeouts(Timeouts::total(20 * S));
    let whole = s.receive(Pattern::Line, &err.partial).unwrap();
    assert_eq!(whole, &line[..line.len() - 1], "partial + rest = the line");
}

#[test]
fn a_reset_mid_line_is_reported_with_what_was_read() {
    let peer = sender(
        &[b"GET / HTTP/1.0\r\n"],
        FaultPlan::none().reset_after_bytes(6),
        Then::Close,
    );
    let err = stream_to(&peer, Timeouts::block(10 * S))
        .receive(Pattern::Line, b"")
        .unwrap_err();
    assert_eq!(
        (err.ended, err.partial.as_slice()),
        (Ended::Reset, &b"GET / "[..])
    );
    assert!(err.to_string().contains("reset"), "{err}");
}

#[test]
fn an_over_long_line_is_capped() {
    let peer = sender(&[&[b'y'; 5000], b"\n"], FaultPlan::none(), Then::Close);
    let mut s = stream_to(&peer, Timeouts::block(10 * S)).with_caps(1000, 4096);
    let err = s.receive(Pattern::Line, b"").unwrap_err();
    assert_eq!((err.ended, err.partial.len()), (Ended::TooLong, 1000));
}

#[test]
fn send_reports_its_range_and_how_far_it_got() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = connect(listener.local_addr().unwrap(), None).unwrap();
    let (mut accepted, _) = listener.accept().unwrap();
    assert_eq!(client.send(b"abcdefg", 2..5).unwrap(), 5);
    client.shutdown_send().unwrap();
    let (got, _) = harness::peer::client::read_to_close(&mut accepted, 100);
    assert_eq!(got, b"cde");
    // A peer that never reads: the kernel's buffers fill, the write times out.
    let data = vec![b'z'; 64 << 20];
    let mut stuck = connect(listener.local_addr().unwrap(), None).unwrap();
    stuck.set_timeouts(Timeouts::block(S / 4)).unwrap();
    let err = stuck.send_all(&data).unwrap_err();
    assert!(err.sent > 0 && err.sent < data.len(), "sent {}", err.sent);
}

#[test]
fn a_master_binds_then_listens_and_two_servers_share_a_port() {
    let first = Tcp::master("127.0.0.1:0".parse().unwrap()).unwrap();
    let first = first.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = first.local_addr().unwrap().port();
    let first = first.listen(4).unwrap();
    let second = bind(SocketAddr::from(([127, 0, 0, 2], port)), 4).unwrap();
    for server in [&first, &second] {
        let mut c = connect(server.local_addr().unwrap(), None).unwrap();
        let mut a = server.accept().unwrap();
        assert_eq!(a.peer_addr().unwrap(), c.local_addr().unwrap());
        c.send_all(b"ping\n").unwrap();
        assert_eq!(a.receive(Pattern::Line, b"").unwrap(), b"ping");
    }
}

#[test]
fn an_accept_timeout_ends_a_wait_for_clients() {
    let server = bind("127.0.0.1:0".parse().unwrap(), 4).unwrap();
    server
        .set_accept_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let err = server.accept().unwrap_err();
    assert!(chapter_02::serve::is_transient(&err), "{err:?}");
}

#[test]
fn the_echo_server_banner_is_the_one_the_book_shows() {
    let addr = SocketAddr::from(([127, 0, 0, 1], 40661));
    let banner = chapter_02::echo::banner(addr, 10 * S);
    harness::golden::assert_golden("fixtures/echo_server_banner.txt", banner);
}
