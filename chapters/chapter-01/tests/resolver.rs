//! The resolver: scripted exchanges without sockets (tier two), then our
//! client against the harness's fake DNS server over loopback, with every
//! fault it can play (tier three).

mod common;

use std::net::IpAddr;
use std::time::Duration;

use chapter_01::dns::client::{Options, Resolver};
use chapter_01::dns::resolve::{Exchange, ResolveError, Step, Transport};
use chapter_01::dns::{Message, RecordType, build_query};
use harness::dns::respond::{Fault, respond};
use harness::dns::{DnsOptions, Zone, dns_peer};
use harness::fault::FaultPlan;
use harness::peer::PeerHandle;
use harness::peer_assert;
use rstest::rstest;

/// The fake server's reply to `query`, computed without sockets.
fn server_reply(query: &[u8], fault: Option<Fault>) -> Vec<Vec<u8>> {
    respond(
        &Zone::workbook(),
        query,
        harness::dns::respond::Transport::Udp,
        fault,
    )
}

#[test]
fn exchange_sends_then_accepts_the_matching_reply() {
    let (mut ex, step) = Exchange::start(7, "www.workbook.test", RecordType::A, 3).unwrap();
    let query = build_query(7, "www.workbook.test", RecordType::A).unwrap();
    assert_eq!(step, Step::Send(Transport::Udp, query.clone()));
    let reply = server_reply(&query, None).remove(0);
    let Step::Done(Ok(m)) = ex.on_reply(&reply) else {
        panic!("the reply must end the exchange")
    };
    assert_eq!(m.answers.len(), 2);
}

#[test]
fn exchange_ignores_wrong_ids_junk_and_other_questions() {
    let (mut ex, _) = Exchange::start(7, "www.workbook.test", RecordType::A, 3).unwrap();
    let query = build_query(7, "www.workbook.test", RecordType::A).unwrap();
    let replies = server_reply(&query, Some(Fault::WrongId));
    assert_eq!(
        ex.on_reply(&replies[0]),
        Step::Wait,
        "a reply with another id is ignored"
    );
    assert_eq!(
        ex.on_reply(b"\x00"),
        Step::Wait,
        "junk shorter than a header is ignored"
    );
    assert_eq!(
        ex.on_reply(&query),
        Step::Wait,
        "our own query (QR=0) is not a reply"
    );
    let other = build_query(7, "web.workbook.test", RecordType::A).unwrap();
    let other_reply = server_reply(&other, None).remove(0);
    assert_eq!(
        ex.on_reply(&other_reply),
        Step::Wait,
        "an answer to another question is ignored"
    );
    assert!(matches!(ex.on_reply(&replies[1]), Step::Done(Ok(_))));
}

#[test]
fn exchange_retries_then_gives_up() {
    let (mut ex, first) = Exchange::start(9, "x.test", RecordType::A, 3).unwrap();
    assert_eq!(ex.on_timeout(), first, "the same query again");
    assert_eq!(ex.on_timeout(), first);
    assert_eq!(ex.on_timeout(), Step::Done(Err(ResolveError::Timeout(3))));
}

#[test]
fn exchange_moves_to_tcp_on_truncation() {
    let (mut ex, _) = Exchange::start(5, "www.workbook.test", RecordType::A, 2).unwrap();
    let query = build_query(5, "www.workbook.test", RecordType::A).unwrap();
    let cut = server_reply(&query, Some(Fault::Truncate)).remove(0);
    assert_eq!(ex.on_reply(&cut), Step::Send(Transport::Tcp, query));
    assert_eq!(ex.transport(), Transport::Tcp);
    assert_eq!(
        ex.on_timeout(),
        Step::Done(Err(ResolveError::Timeout(1))),
        "no UDP retry after TCP"
    );
}

#[test]
fn exchange_fails_cleanly_on_a_pointer_loop() {
    let (mut ex, _) = Exchange::start(5, "www.workbook.test", RecordType::A, 2).unwrap();
    let query = build_query(5, "www.workbook.test", RecordType::A).unwrap();
    let evil = server_reply(&query, Some(Fault::PointerLoop)).remove(0);
    assert!(matches!(
        ex.on_reply(&evil),
        Step::Done(Err(ResolveError::Malformed(_)))
    ));
}

fn resolver(peer: &PeerHandle, attempts: u32) -> Resolver {
    Resolver::new(
        peer.addr(),
        Options {
            // Generous: a loaded machine must not turn a slow reply into a retry
            // that the test would then count wrong. Drop faults wait this long.
            timeout: Duration::from_secs(2),
            attempts,
            first_id: 0x4242,
        },
    )
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().unwrap()).collect()
}

#[rstest]
fn resolves_an_alias_into_the_triple(dns_peer: PeerHandle) {
    let info = resolver(&dns_peer, 1).lookup_host("www.workbook.test");
    peer_assert!(dns_peer, info.is_ok(), "lookup failed: {info:?}");
    let info = info.unwrap();
    assert_eq!(info.name, "web.workbook.test");
    assert_eq!(info.aliases, ["www.workbook.test"]);
    assert_eq!(info.addresses, ips(&["192.0.2.10", "2001:db8::10"]));
}

#[rstest]
fn follows_long_chains_and_refuses_loops(dns_peer: PeerHandle) {
    let mut r = resolver(&dns_peer, 1);
    let deep = r.lookup_host("deep.workbook.test").unwrap();
    assert_eq!(
        (deep.name.as_str(), deep.aliases.len()),
        ("end.workbook.test", 2)
    );
    assert_eq!(deep.addresses, ips(&["192.0.2.30", "192.0.2.31"]));
    assert!(matches!(
        r.lookup_host("loop.workbook.test"),
        Err(ResolveError::CnameLoop(_))
    ));
    assert_eq!(
        r.lookup_host("six.workbook.test").unwrap().addresses,
        ips(&["2001:db8::6"])
    );
}

#[rstest]
fn reports_nxdomain(dns_peer: PeerHandle) {
    let got = resolver(&dns_peer, 1).lookup_host("nowhere.workbook.test");
    assert_eq!(
        got,
        Err(ResolveError::NxDomain("nowhere.workbook.test".into()))
    );
}

#[rstest]
fn falls_back_to_tcp_when_the_answer_is_too_big(dns_peer: PeerHandle) {
    let m: Message = resolver(&dns_peer, 1)
        .query("many.workbook.test", RecordType::A)
        .unwrap();
    assert_eq!(m.answers.len(), 40);
    assert!(!m.header.truncated);
    let t = dns_peer.stop();
    assert!(
        t.render().contains("open \"client-"),
        "a TCP connection was made:\n{}",
        t.render()
    );
}

#[rstest]
fn looks_up_addresses_in_reverse(dns_peer: PeerHandle) {
    let mut r = resolver(&dns_peer, 1);
    for addr in ["192.0.2.10", "2001:db8::10"] {
        let info = r.lookup_host(addr).unwrap();
        assert_eq!(info.name, "web.workbook.test", "{addr}");
        assert_eq!(info.addresses, ips(&[addr]));
    }
}

fn faulty(fault: &str) -> PeerHandle {
    harness::dns::start_with(DnsOptions {
        plan: FaultPlan::none().on("QUERY", 1, fault),
        ..DnsOptions::default()
    })
    .unwrap()
}

#[test]
fn retries_after_a_dropped_query() {
    let peer = faulty("drop");
    let m = resolver(&peer, 2).query("web.workbook.test", RecordType::A);
    peer_assert!(
        peer,
        m.is_ok(),
        "the second attempt must be answered: {m:?}"
    );
    let t = peer.stop().render();
    assert!(
        t.contains("fault: Drop on query #1") && t.contains("open \"udp-2\""),
        "{t}"
    );
}

#[test]
fn times_out_when_every_attempt_is_dropped() {
    let peer = harness::dns::start_with(DnsOptions {
        plan: FaultPlan::none().on("QUERY", 0, "drop"),
        ..DnsOptions::default()
    })
    .unwrap();
    let mut r = Resolver::new(
        peer.addr(),
        Options {
            timeout: Duration::from_millis(300),
            attempts: 2,
            first_id: 1,
        },
    );
    assert_eq!(
        r.query("web.workbook.test", RecordType::A),
        Err(ResolveError::Timeout(2))
    );
}

#[test]
fn ignores_a_reply_with_the_wrong_id() {
    let peer = faulty("wrong-id");
    let m = resolver(&peer, 1).query("web.workbook.test", RecordType::A);
    peer_assert!(
        peer,
        m.as_ref().is_ok_and(|m| m.header.id == 0x4242),
        "got {m:?}"
    );
}

#[test]
fn retries_over_tcp_after_truncation() {
    let peer = faulty("truncate");
    let m = resolver(&peer, 1)
        .query("web.workbook.test", RecordType::A)
        .unwrap();
    assert_eq!(m.answers.len(), 1);
}

#[test]
fn fails_cleanly_on_a_compression_loop() {
    let peer = faulty("pointer-loop");
    let got = resolver(&peer, 1).query("web.workbook.test", RecordType::A);
    assert!(matches!(got, Err(ResolveError::Malformed(_))), "{got:?}");
}

#[test]
fn reports_a_closed_port_clearly() {
    // Bind then drop: a UDP port with (almost certainly) no one behind it.
    let addr = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let got = Resolver::new(
        addr,
        Options {
            timeout: Duration::from_millis(500),
            attempts: 1,
            first_id: 1,
        },
    )
    .query("x.test", RecordType::A);
    assert!(
        matches!(
            got,
            Err(ResolveError::Io(_)) | Err(ResolveError::Timeout(1))
        ),
        "{got:?}"
    );
}

#[test]
fn the_fake_server_answers_in_a_way_hickory_reads() {
    for name in [
        "www.workbook.test",
        "many.workbook.test",
        "nowhere.workbook.test",
        "loop.workbook.test",
    ] {
        let query = build_query(3, name, RecordType::A).unwrap();
        for transport in [
            harness::dns::respond::Transport::Udp,
            harness::dns::respond::Transport::Tcp,
        ] {
            let reply = respond(&Zone::workbook(), &query, transport, None).remove(0);
            let h = hickory_proto::op::Message::from_vec(&reply).unwrap();
            let ours = Message::parse(&reply).unwrap();
            assert_eq!(
                h.answers.len(),
                ours.answers.len(),
                "{name} over {transport:?}"
            );
            assert_eq!(h.metadata.truncation, ours.header.truncated);
        }
    }
}

fn with_plan(plan: FaultPlan) -> PeerHandle {
    harness::dns::start_with(DnsOptions {
        plan,
        ..DnsOptions::default()
    })
    .unwrap()
}

#[test]
fn reads_tcp_replies_split_into_one_byte_writes() {
    let peer = with_plan(FaultPlan::none().chop(1).delay(1, true).with_seed(7));
    let m = resolver(&peer, 1).query("many.workbook.test", RecordType::A);
    peer_assert!(
        peer,
        m.as_ref().is_ok_and(|m| m.answers.len() == 40),
        "got {m:?}"
    );
}

#[test]
fn a_tcp_connection_cut_mid_reply_is_a_clear_error() {
    let peer = with_plan(FaultPlan::none().close_after_bytes(10));
    let got = resolver(&peer, 1).query("many.workbook.test", RecordType::A);
    assert!(
        matches!(&got, Err(ResolveError::Io(e)) if e.contains("DNS server")),
        "{got:?}"
    );
    let peer = with_plan(FaultPlan::none().reset_after_bytes(3));
    let got = resolver(&peer, 1).query("many.workbook.test", RecordType::A);
    assert!(matches!(got, Err(ResolveError::Io(_))), "{got:?}");
}
