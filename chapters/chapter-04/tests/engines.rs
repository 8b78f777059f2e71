//! Every engine under the harness swarm: many clients interleaved and in
//! reverse order, clients vanishing mid-line, slowloris clients trickling
//! half lines, and clients that never read — none of which may delay the
//! others. Then the seed's scenario end to end with the real session.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use chapter_04::engine::Engine;
use chapter_04::session::Kind;
use common::start;
use harness::swarm::{Behaviour, Order, Swarm};

const LIMIT: Duration = Duration::from_secs(60);

fn swarm(engine: Engine, order: Order, clients: usize) {
    let server = start(engine, Kind::Echo);
    let report = Swarm::new(server.addr)
        .clients(clients)
        .order(order)
        .mixed()
        .run(LIMIT);
    report.assert_ok();
    assert_eq!(report.results.len(), clients, "{}", engine.name());
}

#[test]
fn poll_serves_an_interleaved_mixed_swarm() {
    swarm(Engine::Poll, Order::Interleaved, 300);
}

#[test]
fn poll_serves_clients_in_reverse_order() {
    swarm(Engine::Poll, Order::Reverse, 100);
}

#[test]
fn coroutine_serves_an_interleaved_mixed_swarm() {
    swarm(Engine::Coroutine, Order::Interleaved, 300);
}

#[test]
fn coroutine_serves_clients_in_reverse_order() {
    swarm(Engine::Coroutine, Order::Reverse, 100);
}

#[test]
fn tokio_serves_an_interleaved_mixed_swarm() {
    swarm(Engine::Tokio, Order::Interleaved, 300);
}

#[test]
fn tokio_serves_clients_in_reverse_order() {
    swarm(Engine::Tokio, Order::Reverse, 100);
}

/// Half the clients send megabytes and never read: the rest are still
/// answered (their output buffers are separate and capped).
#[test]
fn never_reading_clients_do_not_delay_the_others() {
    for engine in Engine::ALL {
        let server = start(engine, Kind::Echo);
        let report = Swarm::new(server.addr)
            .clients(40)
            .silent_bytes(4 << 20)
            .assign(|i| {
                if i % 2 == 0 {
                    Behaviour::NeverRead
                } else {
                    Behaviour::Slow
                }
            })
            .run(LIMIT);
        report.assert_ok();
    }
}

fn line_client(
    addr: std::net::SocketAddr,
) -> (std::net::TcpStream, BufReader<std::net::TcpStream>) {
    let s = harness::peer::client::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let r = BufReader::new(s.try_clone().unwrap());
    (s, r)
}

fn ask(c: &mut (std::net::TcpStream, BufReader<std::net::TcpStream>), line: &str) -> String {
    c.0.write_all(format!("{line}\r\n").as_bytes()).unwrap();
    let mut reply = String::new();
    c.1.read_line(&mut reply).unwrap();
    reply
}

/// The seed's walkthrough: two clients keep separate sets; `.quit` closes
/// one; `.shutdown` from the other ends the server.
#[test]
fn the_seed_scenario_on_every_engine() {
    for engine in Engine::ALL {
        let mut server = start(engine, Kind::Distinct);
        let (mut a, mut b) = (line_client(server.addr), line_client(server.addr));
        assert_eq!(ask(&mut a, "ajx"), "ajx\r\n", "{}", engine.name());
        assert_eq!(ask(&mut b, "zz top"), "optz\r\n");
        assert_eq!(ask(&mut a, "bky"), "abjkxy\r\n");
        assert_eq!(ask(&mut a, "clz"), "abcjklxyz\r\n");
        a.0.write_all(b".quit\r\n").unwrap();
        let mut rest = String::new();
        assert_eq!(
            a.1.read_line(&mut rest).unwrap(),
            0,
            "closed after .quit, got {rest:?}"
        );
        assert_eq!(ask(&mut b, "!~"), "!optz~\r\n");
        b.0.write_all(b".shutdown\r\n").unwrap();
        assert!(
            server.ended_within(Duration::from_secs(10)),
            "{} did not stop",
            engine.name()
        );
    }
}

/// An over-long line gets an error reply and the connection is closed;
/// the server goes on serving.
#[test]
fn an_overlong_line_is_refused_without_harm() {
    for engine in Engine::ALL {
        let server = start(engine, Kind::Distinct);
        let mut bad = line_client(server.addr);
        bad.0.write_all(&vec![b'x'; 5000]).unwrap();
        let mut reply = String::new();
        bad.1.read_line(&mut reply).unwrap();
        assert_eq!(reply, "error: line too long\r\n", "{}", engine.name());
        let mut good = line_client(server.addr);
        assert_eq!(ask(&mut good, "ok"), "ko\r\n");
    }
}
