//! The chapter's programs run as processes against the harness's daytime
//! peer and against each other: `daytime_client` (UDP, TCP, retries,
//! errors), `daytime_server`, `udp_server` with `udp_client`, `udp_bench`.

use harness::daytime::{DaytimeOptions, TEST_TIME, UdpFaults, fixed_clock};
use harness::proc::{ServerProgram, assert_every_help, bin};
use predicates::prelude::*;

const LINE: &str = "Wednesday, March 14, 2007 15:09:26-UTC\n";

fn port(addr: std::net::SocketAddr) -> String {
    addr.port().to_string()
}

#[test]
fn every_binary_has_help() {
    assert_every_help(&[
        "daytime_client",
        "daytime_server",
        "udp_server",
        "udp_client",
        "udp_bench",
    ]);
}

#[test]
fn daytime_client_asks_the_peer_over_udp_and_over_tcp() {
    let peer = harness::daytime::start();
    let p = port(peer.addr());
    bin("daytime_client")
        .args(["127.0.0.1", &p])
        .assert()
        .success()
        .stdout(LINE);
    bin("daytime_client")
        .args(["--tcp", "127.0.0.1", &p])
        .assert()
        .success()
        .stdout(LINE);
    bin("daytime_client")
        .env("DAYTIME_HOST", "localhost")
        .env("DAYTIME_PORT", &p)
        .arg("-v")
        .assert()
        .success()
        .stdout(LINE)
        .stderr(predicate::str::contains("answered after 1 request(s)"));
}

#[test]
fn daytime_client_retries_against_a_lossy_peer() {
    let peer = harness::daytime::start_with(DaytimeOptions {
        udp: UdpFaults::loss(7, 0.6),
        clock: fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap();
    bin("daytime_client")
        .args([
            "--timeout",
            "1",
            "--retries",
            "40",
            "-v",
            "127.0.0.1",
            &port(peer.addr()),
        ])
        .assert()
        .success()
        .stdout(LINE)
        // Seed 7 loses the first two answers (see the peer's transcript).
        .stderr(predicate::str::contains("answered after 3 request(s)"));
}

#[test]
fn daytime_client_reports_silence_refusal_and_bad_usage() {
    let silent = harness::daytime::start_with(DaytimeOptions {
        udp: UdpFaults::loss(1, 1.0),
        ..DaytimeOptions::default()
    })
    .unwrap();
    bin("daytime_client")
        .args([
            "--timeout",
            "0.2",
            "--retries",
            "2",
            "127.0.0.1",
            &port(silent.addr()),
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no answer from 127.0.0.1")
                .and(predicate::str::contains("2 attempt(s)")),
        );
    let gone = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    bin("daytime_client")
        .args(["127.0.0.1", &port(gone)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refused"));
    bin("daytime_client")
        .args(["--timeout", "0", "localhost"])
        .assert()
        .code(2);
    bin("daytime_client")
        .args(["no-such-host.invalid", "13"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot resolve"));
}

#[test]
fn daytime_client_rejects_an_answer_that_is_not_a_text_line() {
    // A one-shot server answering with binary bytes (a TLS record's start).
    let server = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let p = port(server.local_addr().unwrap());
    let answer = std::thread::spawn(move || {
        server
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        let (_, from) = server.recv_from(&mut [0u8; 512]).unwrap();
        server.send_to(b"\x16\x03\x01", from).unwrap();
    });
    bin("daytime_client")
        .args(["127.0.0.1", &p])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is not a daytime server")
                .and(predicate::str::contains("0x16")),
        );
    answer.join().unwrap();
}

#[test]
fn daytime_server_serves_our_client_on_udp_and_tcp() {
    let server = ServerProgram::start(
        "daytime_server",
        &["--port", "0", "--fixed-time", &TEST_TIME.to_string()],
    );
    let p = port(server.addr());
    bin("daytime_client")
        .args(["127.0.0.1", &p])
        .assert()
        .success()
        .stdout(LINE);
    assert!(server.line().starts_with("udp 127.0.0.1:"));
    // The banner the book shows (`fixtures/daytime_server_banner.txt`).
    harness::golden::assert_golden(
        "fixtures/daytime_server_banner.txt",
        server.first_line.replace(&p, "1313") + "\n",
    );
    bin("daytime_client")
        .args(["--tcp", "127.0.0.1", &p])
        .assert()
        .success()
        .stdout(LINE);
    assert!(server.line().starts_with("tcp 127.0.0.1:"));
}

#[test]
fn daytime_server_explains_a_port_it_cannot_have() {
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    bin("daytime_server")
        .args(["--port", &port(taken.local_addr().unwrap())])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot listen on 127.0.0.1:"));
}

/// The session the book shows (`fixtures/udp_hello.out`) is this run, with
/// the ports written as a run of the book's commands would print them.
#[test]
fn udp_client_gets_the_seed_servers_greeting() {
    let server = ServerProgram::start("udp_server", &["--port", "0"]);
    let client = bin("udp_client")
        .args(["127.0.0.1", &port(server.addr())])
        .assert()
        .success()
        .stdout("server response: Hello from UDP server!\n");
    let line = server.line();
    let from = line
        .strip_prefix("received \"Hello from UDP client!\" from 127.0.0.1:")
        .unwrap_or_else(|| panic!("{line}"));
    let mut session = harness::golden::Session::default();
    session
        .shows(&port(server.addr()), "12345")
        .shows(from, "40714")
        .command("cargo run -q -p chapter-03 --bin udp_server &")
        .output(&server.first_line)
        .command("cargo run -q -p chapter-03 --bin udp_client")
        .output(&line)
        .output(&client.get_output().stdout);
    session.assert_golden("fixtures/udp_hello.out");
}

#[test]
fn udp_client_with_an_echo_server_and_no_server() {
    let server = ServerProgram::start("udp_server", &["--port", "0", "--echo"]);
    bin("udp_client")
        .args(["-m", "ping", "localhost", &port(server.addr())])
        .assert()
        .success()
        .stdout("server response: ping\n");
    drop(server);
    let gone = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    bin("udp_client")
        .args(["127.0.0.1", &port(gone)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refused"));
}

#[test]
fn udp_bench_runs_a_small_measurement() {
    // Tiny counts: this checks that the benchmark works, not how fast we are.
    bin("udp_bench")
        .args(["--datagrams", "2000", "--rounds", "2"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"unconnected send_to \(best\)\s+[\d,]+ datagrams/s").unwrap(),
        )
        .stdout(
            predicate::str::is_match(r"\nconnected send \(best\)\s+[\d,]+ datagrams/s").unwrap(),
        )
        .stdout(
            predicate::str::is_match(
                r"ratio connected/unconnected \d+\.\d+ \(best rounds\), \d+\.\d+ \(median",
            )
            .unwrap(),
        );
}
