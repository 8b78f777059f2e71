//! Real peers (DESIGN.md §9): socat, the networking Swiss army knife, talks
//! UDP with our programs, as a client of our servers and as a server for
//! our clients. The tests skip with a visible message when socat is
//! missing, and fail instead under `WORKBOOK_REQUIRE_PEERS=1`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use assert_cmd::Command as Cmd;
use harness::daytime::TEST_TIME;
use harness::proc::{Program, Running, ServerProgram, free_udp_port};
use harness::real::available;

fn socat() -> bool {
    available("socat (Debian package socat)", &["socat", "-V"])
}

/// Longest wait for socat to start answering.
const START_LIMIT: Duration = Duration::from_secs(10);

/// A socat server on UDP `port`, answering datagrams once this returns;
/// it is killed (with anything it forked) when the value is dropped.
fn socat_server(port: u16, args: &[&str]) -> Running {
    let argv = ["socat"].iter().chain(args);
    let mut socat = Running::spawn(&Program::new(argv.copied()), &[], None, START_LIMIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let until = Instant::now() + START_LIMIT;
    if let Err(e) = socat.wait_answering(addr, until) {
        panic!("socat: {e}\n{}", socat.finish().stderr_tail(10));
    }
    socat
}

/// `socat` as a one-shot UDP client: sends stdin as one datagram, prints
/// what comes back within 3 seconds.
fn socat_ask(port: u16, input: &str) -> String {
    let out = Cmd::new("socat")
        .args(["-t", "3", "-", &format!("UDP:127.0.0.1:{port}")])
        .write_stdin(input)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn socat_asks_our_daytime_server() {
    if !socat() {
        return;
    }
    let server = ServerProgram::start(
        "daytime_server",
        &["--port", "0", "--fixed-time", &TEST_TIME.to_string()],
    );
    let reply = socat_ask(server.port, "anything\n");
    assert_eq!(reply, "Wednesday, March 14, 2007 15:09:26-UTC\r\n");
}

#[test]
fn socat_gets_its_datagram_back_from_our_echo_server() {
    if !socat() {
        return;
    }
    let server = ServerProgram::start("udp_server", &["--port", "0", "--echo"]);
    assert_eq!(
        socat_ask(server.port, "hello from socat"),
        "hello from socat"
    );
}

#[test]
fn our_daytime_client_asks_a_socat_server() {
    if !socat() {
        return;
    }
    let port = free_udp_port().unwrap();
    // `-t 0.1`: the child socat forks per datagram lingers that long after
    // answering, and a datagram arriving meanwhile goes to it and is lost
    // (found in CI: the readiness probe's child took all three tries).
    let _socat = socat_server(
        port,
        &[
            "-t",
            "0.1",
            &format!("UDP-RECVFROM:{port},bind=127.0.0.1,fork"),
            "SYSTEM:echo socat daytime",
        ],
    );
    // UDP may lose a request: the client's own retries are what cope with
    // it, given enough of them for a loaded machine.
    Cmd::cargo_bin("daytime_client")
        .unwrap()
        .args(["--retries", "10", "127.0.0.1", &port.to_string()])
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stdout("socat daytime\n");
}

#[test]
fn our_udp_client_talks_to_a_socat_echo_server() {
    if !socat() {
        return;
    }
    let port = free_udp_port().unwrap();
    let recvfrom = format!("UDP-RECVFROM:{port},bind=127.0.0.1,fork");
    // `EXEC:cat`, not `PIPE`, which loses datagrams now and then; `-t 0.1`
    // as in the daytime test above.
    let _socat = socat_server(port, &["-t", "0.1", &recvfrom, "EXEC:cat"]);
    Cmd::cargo_bin("udp_client")
        .unwrap()
        .args(["-m", "ping through socat", "127.0.0.1", &port.to_string()])
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stdout("server response: ping through socat\n");
}
