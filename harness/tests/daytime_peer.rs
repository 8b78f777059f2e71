//! The daytime peer: RFC 867 on UDP and TCP on one port, seeded UDP faults
//! that replay exactly, one transcript event per datagram, and a stop that
//! joins the UDP thread too (the port is free again afterwards).

use std::io::Read;
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

use harness::daytime::{self, DaytimeOptions, TEST_TIME, UdpFaults, fixed_clock};
use harness::fault::FaultPlan;
use harness::peer::PeerConfig;
use harness::transcript::{Event, Side};

const LINE: &[u8] = b"Wednesday, March 14, 2007 15:09:26-UTC\r\n";

fn client(peer: SocketAddr) -> UdpSocket {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.connect(peer).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

fn ask(s: &UdpSocket, request: &[u8]) -> Vec<u8> {
    s.send(request).unwrap();
    let mut buf = [0u8; 512];
    let n = s.recv(&mut buf).unwrap();
    buf[..n].to_vec()
}

#[test]
fn answers_a_datagram_and_a_connection_on_the_same_port() {
    let peer = daytime::start();
    assert_eq!(ask(&client(peer.addr()), b"anything"), LINE);
    let mut tcp = TcpStream::connect(peer.addr()).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut got = Vec::new();
    tcp.read_to_end(&mut got).unwrap();
    assert_eq!(got, LINE);
}

#[test]
fn records_one_event_per_datagram_and_a_connection_per_client_address() {
    let peer = daytime::start();
    let (a, b) = (client(peer.addr()), client(peer.addr()));
    ask(&a, b"one");
    ask(&a, b"two");
    ask(&b, b"");
    let t = peer.stop();
    let data: Vec<(u32, Side, Vec<u8>)> = t
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Data { conn, from, bytes } => Some((*conn, *from, bytes.clone())),
            _ => None,
        })
        .collect();
    let expected = vec![
        (1, Side::Client, b"one".to_vec()),
        (1, Side::Server, LINE.to_vec()),
        (1, Side::Client, b"two".to_vec()),
        (1, Side::Server, LINE.to_vec()),
        (2, Side::Client, Vec::new()),
        (2, Side::Server, LINE.to_vec()),
    ];
    assert_eq!(data, expected, "{}", t.render());
    assert_eq!(t.header_value("clock"), Some("fixed 1173884966"));
}

/// The faults of one run: asks `n` times (fresh socket each, 300 ms per
/// wait) and returns the peer's notes of its fault decisions.
fn fault_notes(seed: u64, n: usize) -> Vec<String> {
    let peer = daytime::start_with(DaytimeOptions {
        udp: UdpFaults {
            delay: Duration::ZERO,
            ..UdpFaults::lossy(seed)
        },
        clock: fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap();
    for _ in 0..n {
        let s = client(peer.addr());
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        s.send(b"x").unwrap();
        let _ = s.recv(&mut [0u8; 64]);
    }
    let t = peer.stop();
    let notes = t.events.iter().filter_map(|e| match e {
        // When a held reply goes out depends on timing; the decisions do not.
        Event::Note { text, .. } if text.starts_with("reply ") => Some(text.clone()),
        _ => None,
    });
    notes.collect()
}

#[test]
fn the_same_seed_gives_the_same_faults() {
    let first = fault_notes(11, 12);
    assert!(
        first.iter().any(|n| n.contains("lost")),
        "seed 11 loses some: {first:?}"
    );
    assert_eq!(first, fault_notes(11, 12));
}

#[test]
fn total_loss_answers_nothing_and_notes_each_loss() {
    let peer = daytime::start_with(DaytimeOptions {
        udp: UdpFaults::loss(0, 1.0),
        ..DaytimeOptions::default()
    })
    .unwrap();
    let s = client(peer.addr());
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s.send(b"x").unwrap();
    assert!(s.recv(&mut [0u8; 64]).is_err());
    assert!(peer.recorder().wait_for(Duration::from_secs(10), |events| {
        events
            .iter()
            .any(|e| matches!(e, Event::Note { text, .. } if text.contains("lost")))
    }));
}

#[test]
fn stopping_frees_both_ports() {
    let peer = daytime::start();
    let addr = peer.addr();
    drop(peer);
    UdpSocket::bind(addr).expect("the UDP port is free after stop");
    harness::peer::listen(addr).expect("the TCP port is free after stop");
}

#[test]
fn the_named_peers_start_and_answer() {
    let starts = [
        ("daytime", daytime::start_named as fn(_, _, _) -> _),
        ("daytime-lossy", daytime::start_lossy),
    ];
    for (name, start) in starts {
        let bind = "127.0.0.1:0".parse().unwrap();
        let peer = start(bind, FaultPlan::none(), PeerConfig::default()).unwrap();
        let s = client(peer.addr());
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        // The lossy one may drop a few answers: ask until one comes (bounded).
        let answered = (0..40).any(|_| {
            s.send(b"x").unwrap();
            s.recv(&mut [0u8; 64]).is_ok()
        });
        assert!(
            answered,
            "{}",
            peer.failure(&format!("{name} never answered"))
        );
    }
}
