//! The client swarm: hundreds of concurrent clients pass against the
//! (concurrent) echo peer, and fail — by name — against a server that
//! serves one connection at a time, however the backlog queues them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;
use std::time::Duration;

use harness::echo::{self, EchoOptions};
use harness::peer::PeerConfig;
use harness::swarm::{Behaviour, Order, Swarm, sys};
use harness::transcript::{Event, Recorder};

const RUN_LIMIT: Duration = Duration::from_secs(120);

fn echo_for(clients: usize) -> harness::peer::PeerHandle {
    let config = PeerConfig {
        max_conns: clients + 16,
        ..PeerConfig::default()
    };
    echo::start_with(EchoOptions {
        config,
        ..EchoOptions::default()
    })
    .unwrap()
}

#[test]
fn three_hundred_interleaved_mixed_clients_pass_against_the_echo_peer() {
    let peer = echo_for(300);
    let report = Swarm::new(peer.addr())
        .clients(300)
        .order(Order::Interleaved)
        .mixed()
        .run(RUN_LIMIT);
    report.assert_ok();
    assert_eq!(report.results.len(), 300);
    assert_eq!(report.results[6].name, "client-7");
    assert_eq!(report.results[6].behaviour, Behaviour::Slow);
    assert!(report.peak_fds.is_none_or(|n| n >= 300), "{report}");
}

#[test]
fn three_hundred_reverse_order_clients_pass_against_the_echo_peer() {
    let peer = echo_for(300);
    let report = Swarm::new(peer.addr())
        .clients(300)
        .order(Order::Reverse)
        .mixed()
        .run(RUN_LIMIT);
    report.assert_ok();
}

/// Accepts one connection at a time and echoes it until it closes: what a
/// first attempt at a server often does. The listen backlog lets every
/// client connect, so only the order of service can expose it.
fn sequential_server(clients: usize) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let t = std::thread::spawn(move || {
        for _ in 0..clients {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = s.read(&mut buf) {
                if s.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    });
    (addr, t)
}

#[test]
fn a_one_at_a_time_server_fails_in_both_orders() {
    for order in [Order::Interleaved, Order::Reverse] {
        let (addr, server) = sequential_server(12);
        let report = Swarm::new(addr)
            .clients(12)
            .order(order)
            .step_timeout(Duration::from_millis(500))
            .run(RUN_LIMIT);
        let failures = report.failures();
        assert!(
            failures.len() >= 10,
            "{order:?}: a sequential server must fail most clients: {report}"
        );
        let text = format!("{failures:?}");
        assert!(
            text.contains("client-") && text.contains("concurrently"),
            "{text}"
        );
        let panic = std::panic::catch_unwind(|| report.assert_ok()).unwrap_err();
        let msg = panic.downcast::<String>().unwrap();
        assert!(
            msg.contains("swarm clients failed") && msg.contains("client-"),
            "{msg}"
        );
        drop(report);
        server.join().unwrap();
    }
}

#[test]
fn clients_are_named_in_the_swarm_transcript() {
    let peer = echo_for(20);
    let recorder = Recorder::new(vec![("peer".into(), "swarm".into())]);
    let report = Swarm::new(peer.addr())
        .clients(20)
        .mixed()
        .record(recorder.clone())
        .run(RUN_LIMIT);
    report.assert_ok();
    let t = recorder.snapshot();
    assert!(t.events.contains(&Event::Open {
        conn: 7,
        label: "client-7".into()
    }));
    let reset = t
        .events
        .iter()
        .any(|e| matches!(e, Event::Reset { conn: 20, .. }));
    assert!(reset, "client-20 vanishes with a reset:\n{}", t.render());
    let peer_t = peer.stop();
    assert!(
        peer_t
            .events
            .iter()
            .filter(|e| matches!(e, Event::Open { .. }))
            .count()
            == 20
    );
}

#[test]
fn refused_connections_fail_with_a_clear_message() {
    let addr = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let report = Swarm::new(addr).clients(3).run(Duration::from_secs(20));
    assert_eq!(report.failures().len(), 3);
    let why = report.results[0].outcome.as_ref().unwrap_err();
    assert!(why.contains("connect"), "{why}");
}

#[test]
fn the_descriptor_limit_can_be_raised() {
    let limit = sys::raise_fd_limit(1024).unwrap();
    assert!(limit >= 1024 || limit == sys::raise_fd_limit(u64::MAX).unwrap());
}

#[test]
fn the_swarm_checks_bytes_not_write_boundaries() {
    use harness::fault::FaultPlan;
    let plan = FaultPlan::none().with_seed(3).chop_random(3);
    let config = PeerConfig {
        max_conns: 116,
        ..PeerConfig::default()
    };
    let opts = EchoOptions {
        plan,
        config,
        ..EchoOptions::default()
    };
    let peer = echo::start_with(opts).unwrap();
    let report = Swarm::new(peer.addr()).clients(100).mixed().run(RUN_LIMIT);
    report.assert_ok();
}
