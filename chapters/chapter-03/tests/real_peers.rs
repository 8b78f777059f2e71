//! Real peers (DESIGN.md §9): socat, the networking Swiss army knife, talks
//! UDP with our programs, as a client of our servers and as a server for
//! our clients. The tests skip with a visible message when socat is
//! missing, and fail instead under `WORKBOOK_REQUIRE_PEERS=1`.

mod common;

use std::process::{Child, Command, Stdio};

use assert_cmd::Command as Cmd;
use common::{ServerProcess, free_udp_port, wait_udp_answer};
use harness::daytime::TEST_TIME;
use harness::real::available;

fn socat() -> bool {
    available("socat (Debian package socat)", &["socat", "-V"])
}

/// A socat process of ours, killed when dropped.
struct Socat(Child);

impl Socat {
    fn serve(args: &[&str]) -> Socat {
        let child = Command::new("socat")
            .args(args)
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        Socat(child)
    }
}

impl Drop for Socat {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `socat` as a one-shot UDP client: sends stdin as one datagram, prints
/// what comes back within 3 seconds.
fn socat_ask(port: u16, input: &str) -> String {
    let out = Cmd::new("socat")
        .args(["-t", "3", "-", &format!("UDP:127.0.0.1:{port}")])
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn socat_asks_our_daytime_server() {
    if !socat() {
        return;
    }
    let server = ServerProcess::start(
        env!("CARGO_BIN_EXE_daytime_server"),
        &["--port", "0", "--fixed-time", &TEST_TIME.to_string()],
    );
    let reply = socat_ask(server.addr.port(), "anything\n");
    assert_eq!(reply, "Wednesday, March 14, 2007 15:09:26-UTC\r\n");
}

#[test]
fn socat_gets_its_datagram_back_from_our_echo_server() {
    if !socat() {
        return;
    }
    let server = ServerProcess::start(env!("CARGO_BIN_EXE_udp_server"), &["--port", "0", "--echo"]);
    assert_eq!(
        socat_ask(server.addr.port(), "hello from socat"),
        "hello from socat"
    );
}

#[test]
fn our_daytime_client_asks_a_socat_server() {
    if !socat() {
        return;
    }
    let port = free_udp_port();
    let _socat = Socat::serve(&[
        &format!("UDP-RECVFROM:{port},bind=127.0.0.1,fork"),
        "SYSTEM:echo socat daytime",
    ]);
    wait_udp_answer(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    Cmd::cargo_bin("daytime_client")
        .unwrap()
        .args(["127.0.0.1", &port.to_string()])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success()
        .stdout("socat daytime\n");
}

#[test]
fn our_udp_client_talks_to_a_socat_echo_server() {
    if !socat() {
        return;
    }
    let port = free_udp_port();
    let _socat = Socat::serve(&[&format!("UDP-RECVFROM:{port},bind=127.0.0.1,fork"), "PIPE"]);
    wait_udp_answer(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    Cmd::cargo_bin("udp_client")
        .unwrap()
        .args(["-m", "ping through socat", "127.0.0.1", &port.to_string()])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success()
        .stdout("server response: ping through socat\n");
}
