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
use harness::swarm::{Behaviour, Order, Swarm, SwarmReport};

const LIMIT: Duration = Duration::from_secs(60);

fn swarm(engine: Engine, order: Order, clients: usize) {
    let server = start(engine, Kind::Echo);
    let report = Swarm::new(server.addr)
        .clients(clients)
        .order(order)
        .mixed()
        .run(LIMIT);
    assert_swarm_ok(engine, &report);
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
/// answered (their output buffers are separate and capped). The megabytes
/// keep those sockets ready for a long time, so an engine that lets one
/// connection run while it stays ready (no budget per turn or per poll)
/// starves the others, and the accept loop, until they time out.
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
        assert_swarm_ok(engine, &report);
    }
}

/// Fails naming the engine, with the first failed clients.
fn assert_swarm_ok(engine: Engine, report: &SwarmReport) {
    let failures = report.failures();
    let first: Vec<String> = (failures.iter().take(5))
        .map(|f| {
            format!(
                "  {} ({:?}): {}",
                f.name,
                f.behaviour,
                f.outcome.as_ref().unwrap_err()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "engine {}: {report}\n{}",
        engine.name(),
        first.join("\n")
    );
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

/// Replies keep the order of the lines: the error for an over-long line
/// comes after the answers to the lines before it, never ahead of them.
#[test]
fn the_overlong_line_error_comes_after_the_earlier_replies() {
    for engine in Engine::ALL {
        let server = start(engine, Kind::Distinct);
        let mut c = line_client(server.addr);
        let mut burst = b"ab\r\nc\r\n".to_vec();
        burst.extend_from_slice(&[b'x'; 5000]);
        c.0.write_all(&burst).unwrap();
        let (all, _) = harness::peer::client::read_to_close(&mut c.1, 1 << 16);
        assert_eq!(
            String::from_utf8_lossy(&all),
            "ab\r\nabc\r\nerror: line too long\r\n",
            "engine {}",
            engine.name()
        );
    }
}

/// A last line without its LF before the client half-closes is still
/// answered, then the connection closes.
#[test]
fn an_unterminated_last_line_is_answered_before_the_close() {
    for engine in Engine::ALL {
        let server = start(engine, Kind::Distinct);
        let mut c = line_client(server.addr);
        c.0.write_all(b"zy\r\nab").unwrap();
        c.0.shutdown(std::net::Shutdown::Write).unwrap();
        let (all, end) = harness::peer::client::read_to_close(&mut c.1, 1 << 16);
        assert!(end.is_none(), "engine {}: {end:?}", engine.name());
        assert_eq!(
            String::from_utf8_lossy(&all),
            "yz\r\nabyz\r\n",
            "engine {}",
            engine.name()
        );
    }
}

/// More input at once than one turn reads (the poll engine reads 16 × 4 KiB
/// per connection per turn) whose replies are tiny, so output never backs
/// up: the rest is still read although no new readiness event will come.
#[test]
fn a_burst_longer_than_one_turn_is_read_to_the_end() {
    for engine in Engine::ALL {
        let server = start(engine, Kind::Distinct);
        let mut c = line_client(server.addr);
        // Lines of spaces add nothing to the set: each reply is a bare CRLF.
        let mut burst = Vec::new();
        for _ in 0..200 {
            burst.extend_from_slice(&[b' '; 1000]);
            burst.push(b'\n');
        }
        burst.extend_from_slice(b"q\n");
        c.0.write_all(&burst).unwrap();
        let mut got = Vec::new();
        // Bounded: 201 lines; a missing reply fails the read by its timeout.
        for _ in 0..201 {
            let mut line = String::new();
            c.1.read_line(&mut line)
                .unwrap_or_else(|e| panic!("engine {}: {e}", engine.name()));
            got.push(line);
        }
        assert_eq!(
            got.last().map(String::as_str),
            Some("q\r\n"),
            "engine {}",
            engine.name()
        );
    }
}
