//! Real programs as clients of the chapter's servers (DESIGN.md §9):
//! netcat-openbsd's `nc` and `socat`, as a user would run them. Each test
//! skips visibly when the program is missing and fails instead under
//! `WORKBOOK_REQUIRE_PEERS=1`.

mod common;

use assert_cmd::Command;
use common::{LIMIT, Server};

/// Runs a real client program with `input` on stdin; its stdout.
fn real_client(program: &str, args: &[&str], input: &[u8]) -> Vec<u8> {
    let out = Command::new(program)
        .args(args)
        .timeout(LIMIT)
        .write_stdin(input)
        .output()
        .unwrap();
    out.stdout
}

#[test]
fn nc_and_socat_are_clients_of_the_echo_server() {
    let probe_nc = harness::real::available(
        "netcat-openbsd (nc)",
        &["sh", "-c", "nc -h 2>&1 | grep -q -- -N"],
    );
    let probe_socat = harness::real::available("socat", &["socat", "-V"]);
    let server = Server::start("echo_server", &["--timeout", "5", "--max-clients", "2"]);
    let port = server.port.to_string();
    if probe_nc {
        assert_eq!(
            real_client("nc", &["-N", "127.0.0.1", &port], b"from nc\r\n"),
            b"from nc\n"
        );
    }
    if probe_socat {
        let target = format!("TCP:127.0.0.1:{port}");
        assert_eq!(
            real_client("socat", &["-", &target], b"from socat\n"),
            b"from socat\n"
        );
    }
}

#[test]
fn nc_and_socat_are_clients_of_server_01_and_tcp_server() {
    if harness::real::available(
        "netcat-openbsd (nc)",
        &["sh", "-c", "nc -h 2>&1 | grep -q -- -N"],
    ) {
        let server = Server::start("server_01", &["127.0.0.1", "0"]);
        let out = real_client(
            "nc",
            &["-N", "127.0.0.1", &server.port.to_string()],
            b"hi from nc\r\n",
        );
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.starts_with(&format!(
                "Greetings from 127.0.0.1:{} to 127.0.0.1:",
                server.port
            )),
            "{text}"
        );
        server.line();
        assert_eq!(server.line(), "Received from client: [hi from nc]");
    }
    if harness::real::available("socat", &["socat", "-V"]) {
        let server = Server::start("tcp_server", &["--port", "0", "--max-clients", "1"]);
        let target = format!("TCP:127.0.0.1:{}", server.port);
        assert_eq!(
            real_client("socat", &["-", &target], b"hi from socat\n"),
            b"Hello from server!\n"
        );
        assert_eq!(server.line(), "Received: hi from socat");
    }
}
