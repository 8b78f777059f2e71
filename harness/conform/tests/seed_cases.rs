//! The cases of the seed programs (one per seed program of 000 and 002
//! that had none): our own reference program passes each, a faithful
//! Python port passes (`tests/programs/seed_ports.py`), and a port with
//! one mistake fails with a verdict naming the rule it broke. The file
//! server's seed form, which serves any name, fails the traversal MUST.

mod common;

use std::time::Duration;

use common::{PYTHON, assert_verdict, program, python, root};
use conform::report::{Report, Verdict};
use conform::{Program, Session, cases};

/// Runs `case` with our own reference program, from the workspace root
/// (a generous limit: the first run may build it).
fn ours(case: &str) -> Report {
    let root = root();
    let info = cases::find(&root, case).unwrap().info();
    let session = Session {
        program: Program {
            argv: info.our_program.unwrap(),
            cwd: Some(root.clone()),
        },
        time_limit: Duration::from_secs(240),
        root,
    };
    session.report(case)
}

/// Runs `case` with `seed_ports.py PROGRAM MODE`, the address in the
/// environment (and, for grab-file, the URL as an argument), under `secs`.
fn port(case: &str, program_name: &str, mode: &str, secs: u64) -> Report {
    let file = program("seed_ports.py");
    let url = "http://{host}:{port}/bytes/20000";
    let argv = [PYTHON, file.as_str(), program_name, mode, url];
    Session::for_test(&argv, Duration::from_secs(secs)).report(case)
}

/// Our program and the faithful port pass; the broken mode fails with
/// exactly `failed` (grade and check name) among its non-OK checks.
fn case(name: &str, program_name: &str, broken: &str, failed: &[&str]) {
    assert_verdict(&ours(name), Verdict::Pass, &[]);
    if !python() {
        return;
    }
    assert_verdict(&port(name, program_name, "good", 30), Verdict::Pass, &[]);
    assert_verdict(&port(name, program_name, broken, 8), Verdict::Fail, failed);
}

#[test]
fn tcp_fixed_server() {
    case(
        "tcp-fixed-server",
        "tcp-server",
        "upper",
        &["FAILED answers \"Hello from server!\" to client-1"],
    );
}

#[test]
fn tcp_fixed_server_must_close() {
    if !python() {
        return;
    }
    let report = port("tcp-fixed-server", "tcp-server", "keep", 8);
    assert_verdict(&report, Verdict::Fail, &["FAILED closes client-1"]);
}

#[test]
fn tcp_fixed_client() {
    case(
        "tcp-fixed-client",
        "tcp-client",
        "wrong",
        &["FAILED sends \"Hello from client!\""],
    );
}

#[test]
fn udp_fixed_client() {
    case(
        "udp-fixed-client",
        "udp-client",
        "newline",
        &["FAILED sends \"Hello from UDP client!\""],
    );
}

#[test]
fn udp_fixed_server() {
    case(
        "udp-fixed-server",
        "udp-server",
        "echo",
        &["FAILED answers a 22-byte datagram from client-1 with \"Hello from UDP server!\""],
    );
}

#[test]
fn nonblocking_server() {
    case(
        "nonblocking-server",
        "nonblocking",
        "blocking",
        &["FAILED answers \"Hello from non-blocking server!\" to client-2"],
    );
}

#[test]
fn event_loop_server() {
    case(
        "event-loop-server",
        "event-loop",
        "blocking",
        &["FAILED answers \"Hello from * server!\" to client-2"],
    );
}

#[test]
fn chat_broadcast_server() {
    case(
        "chat-broadcast-server",
        "chat",
        "named",
        &["FAILED answers \"ann here\" to client-1"],
    );
}

#[test]
fn file_server_grades_the_traversal() {
    assert_verdict(&ours("file-server"), Verdict::Pass, &[]);
    if !python() {
        return;
    }
    assert_verdict(
        &port("file-server", "file-server", "safe", 30),
        Verdict::Pass,
        &[],
    );
    // The seed's own form opens any name: the MUST names the danger.
    let report = port("file-server", "file-server", "good", 30);
    let rule = "FAILED does not serve \"../secret.txt\", outside the shared directory (a name must not escape it: CWE-22)";
    assert_verdict(&report, Verdict::Fail, &[rule]);
    assert!(common::detail(&report, &rule[7..]).contains("path traversal"));
}

#[test]
fn http_hello_server() {
    case(
        "http-hello-server",
        "http-hello",
        "missing",
        &["FAILED answers request 1 with status 200"],
    );
}

#[test]
fn dns_test() {
    case(
        "dns-test",
        "dns-test",
        "fixed",
        &["FAILED prints the address of localhost (a loopback address)"],
    );
}

#[test]
fn line_client() {
    case(
        "line-client",
        "line-client",
        "no-quit",
        &["FAILED sends each stdin line as a line, in order (ajx, bky, .quit)"],
    );
}

#[test]
fn env_page() {
    case(
        "env-page",
        "env-page",
        "text",
        &[
            "FAILED writes an HTML document on stdout (<!DOCTYPE html> or <html> first, </html> last)",
            "FAILED gives the page a <title>",
            "NON-STRICT gives the page a heading (<h1>)",
        ],
    );
}

#[test]
fn stream_client() {
    case(
        "stream-client",
        "stream-client",
        "skip-first",
        &["FAILED prints every line the service sent, in order (opening, echoes, closing)"],
    );
}

#[test]
fn grab_file() {
    case(
        "grab-file",
        "grab-file",
        "to-stdout",
        &["FAILED writes the body to WORKBOOK_OUT, byte for byte"],
    );
}

/// The 26 seed programs of DESIGN.md §3, each with at least one case
/// under its `--list` header.
#[test]
fn every_seed_program_has_a_case() {
    const SEED_PROGRAMS: [&str; 26] = [
        "000 server (TCP, fixed reply)",
        "000 client (TCP)",
        "000 server (UDP, fixed reply)",
        "000 client (UDP)",
        "000 HTTP server (one reply)",
        "000 non-blocking server",
        "000 event-loop server",
        "000 chat server (broadcast)",
        "000 file server",
        "001 echo server",
        "001 daytime client",
        "002 dns_test",
        "002 url_01",
        "002 server_01",
        "002 client_01",
        "002 server_02",
        "002 client_02",
        "002 webserver",
        "002 env_page",
        "002 http_01",
        "002 mime_01",
        "002 smtp_01",
        "002 pop_01",
        "002 echo.lua",
        "002 client_03",
        "002 table serializer",
    ];
    let infos: Vec<_> = cases::all(&root())
        .unwrap()
        .iter()
        .map(|c| c.info())
        .collect();
    for seed in SEED_PROGRAMS {
        assert!(
            infos.iter().any(|i| i.group().starts_with(seed)),
            "no case checks the seed program {seed:?}"
        );
    }
}
