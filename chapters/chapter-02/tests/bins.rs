//! The chapter's programs run as processes (assert_cmd): against harness
//! peers and against each other (`real_peers.rs` has `nc` and `socat` as
//! their clients). Servers are started on port 0 (or a port learnt from one) and
//! print their port, which the tests read; every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::time::Duration;

use harness::fixtures::greeting_peer;
use harness::peer::client::{connect, read_to_close};
use harness::proc::{assert_every_help, bin};
use predicates::prelude::*;

use common::Server;

#[test]
fn every_binary_has_help() {
    assert_every_help(&[
        "server_01",
        "client_01",
        "echo_server",
        "tcp_server",
        "tcp_client",
    ]);
}

#[test]
fn two_servers_share_a_port_on_two_addresses_and_each_serves_one_client() {
    let first = Server::start("server_01", &["127.0.0.1", "0"]);
    let port = first.port.to_string();
    let second = Server::start("server_01", &["127.0.0.2", &port]);
    assert_eq!(second.port, first.port);
    // The book shows the first server's session (`fixtures/two_servers.out`),
    // with this run's ports written as the book's commands give them.
    let mut session = harness::golden::Session::default();
    session
        .shows(&format!(":{port} "), ":11250 ")
        .shows(&format!(":{port}]"), ":11250]")
        .shows(&format!("port {port}\n"), "port 11250\n")
        .command("cargo run -q -p chapter-02 --bin server_01 -- 127.0.0.1 11250 &")
        .output(&first.first_line)
        .command("cargo run -q -p chapter-02 --bin client_01 -- 127.0.0.1 11250");
    for (server, ip) in [(&first, "127.0.0.1"), (&second, "127.0.0.2")] {
        let want = format!("Got [Greetings from {ip}:{port} to 127.0.0.1:");
        let client = bin("client_01")
            .args([ip, &port])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "Connected with {ip} on port {port}"
            )))
            .stdout(predicate::str::contains(want));
        let connection = server.line();
        let client_port = connection
            .strip_prefix("Connection from 127.0.0.1, port ")
            .unwrap_or_else(|| panic!("{connection}"))
            .to_string();
        let got = server.line();
        if ip == "127.0.0.1" {
            session
                .shows(&format!(":{client_port}"), ":40906")
                .shows(&format!("port {client_port}"), "port 40906")
                .output(&client.get_output().stdout)
                .output(&connection)
                .output(&got);
        }
        assert!(
            got.starts_with("Received from client: [Greetings from 127.0.0.1:"),
            "{got}"
        );
        assert!(got.ends_with(&format!(" to {ip}:{port}]")), "{got}");
    }
    session.assert_golden("fixtures/two_servers.out");
    assert!(
        first.finish().0 && second.finish().0,
        "each server exits after its client"
    );
}

#[rstest::rstest]
fn client_01_greets_the_greeting_peer(#[from(greeting_peer)] peer: harness::peer::PeerHandle) {
    let port = peer.addr().port().to_string();
    bin("client_01")
        .args(["127.0.0.1", &port])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "Got [Greetings from 127.0.0.1:{port} to 127.0.0.1:"
        )));
    let t = peer.stop();
    let sent = t.bytes(1, harness::transcript::Side::Client);
    let text = String::from_utf8_lossy(&sent);
    assert!(
        text.starts_with("Greetings from 127.0.0.1:")
            && text.ends_with(&format!(" to 127.0.0.1:{port}\r\n")),
        "{text:?}"
    );
}

#[test]
fn client_01_says_clearly_when_nothing_listens() {
    let closed = harness::peer::client::ClosedPort::new().unwrap();
    let port = closed.addr().port();
    bin("client_01")
        .args(["127.0.0.1", &port.to_string()])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("Connecting socket").and(predicate::str::contains("refused")),
        );
}

#[test]
fn server_01_times_out_a_silent_client_and_says_so() {
    let server = Server::start("server_01", &["127.0.0.1", "0", "--timeout", "0.5"]);
    let mut silent = connect(server.addr()).unwrap();
    let mut greeting = String::new();
    BufReader::new(&mut silent)
        .read_line(&mut greeting)
        .unwrap();
    assert!(greeting.starts_with("Greetings from 127.0.0.1:") && greeting.ends_with("\r\n"));
    let (ok, stderr) = server.finish();
    assert!(!ok && stderr.contains("Receive error: timeout"), "{stderr}");
}

fn echo(addr: SocketAddr, pieces: &[&[u8]]) -> Vec<u8> {
    let mut s = connect(addr).unwrap();
    s.set_nodelay(true).unwrap();
    for p in pieces {
        s.write_all(p).unwrap();
    }
    read_to_close(&mut s, 1 << 16).0
}

#[test]
fn echo_server_echoes_one_line_per_client_and_survives_bad_ones() {
    let server = Server::start("echo_server", &["--timeout", "1", "--max-clients", "4"]);
    assert!(server.line().contains("1s to enter a line"));
    let addr = server.addr();
    assert_eq!(echo(addr, &[b"hel", b"lo\r\n"]), b"hello\n");
    // A client that vanishes with a reset mid-line, then one that says nothing.
    let vanishing = socket2::Socket::from(connect(addr).unwrap());
    vanishing.set_linger(Some(Duration::ZERO)).unwrap();
    (&vanishing).write_all(b"half a li").unwrap();
    drop(vanishing);
    assert_eq!(echo(addr, &[]), b"", "a silent client gets nothing");
    assert_eq!(echo(addr, &[b"still here\n"]), b"still here\n");
    let (ok, stderr) = server.finish();
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("timeout"),
        "the silent client is reported: {stderr}"
    );
}

/// The session the book shows (`fixtures/tcp_hello.out`) is this run, with
/// the ephemeral port written as the default one the book's commands use.
#[test]
fn tcp_client_and_tcp_server_talk() {
    let server = Server::start("tcp_server", &["--port", "0", "--max-clients", "1"]);
    let client = bin("tcp_client")
        .args(["127.0.0.1", &server.port.to_string()])
        .assert()
        .success()
        .stdout("Server response: Hello from server!\n");
    let received = server.line();
    assert_eq!(received, "Received: Hello from client!");
    let mut session = harness::golden::Session::default();
    session
        .shows(&server.port.to_string(), "12345")
        .command("cargo run -q -p chapter-02 --bin tcp_server &")
        .output(&server.first_line)
        .command("cargo run -q -p chapter-02 --bin tcp_client")
        .output(&received)
        .output(&client.get_output().stdout);
    assert!(server.finish().0);
    session.assert_golden("fixtures/tcp_hello.out");
}

#[test]
fn tcp_client_prints_what_the_echo_peer_sends_back() {
    let peer = harness::echo::start();
    bin("tcp_client")
        .args([
            "localhost",
            &peer.addr().port().to_string(),
            "--message",
            "ping",
        ])
        .assert()
        .success()
        .stdout("Server response: ping\n");
}

#[test]
fn tcp_client_reports_a_reset_answer() {
    let plan = harness::fault::FaultPlan::none().reset_after_bytes(3);
    let opts = harness::echo::EchoOptions {
        plan,
        ..Default::default()
    };
    let peer = harness::echo::start_with(opts).unwrap();
    bin("tcp_client")
        .args(["127.0.0.1", &peer.addr().port().to_string()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("reset").and(predicate::str::contains("\"Hel\"")));
}

#[test]
fn a_server_reports_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    bin("tcp_server")
        .args(["--port", &port])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("cannot listen on 127.0.0.1:")
                .and(predicate::str::contains("in use")),
        );
    drop(taken);
}
