//! Real programs where a user would use them (DESIGN.md §9): `socat` as the
//! super-server running `echo_stdio` (its `fork` mode is inetd in one
//! line), `nc` as the client of our super-server and under `stream_client`
//! (the seed's `client_03` setup), and xinetd itself with a private
//! configuration on a loopback port, logging PID, HOST and DURATION as the
//! seed's configuration asks.
//!
//! Each test skips with a visible message when its program is missing, and
//! fails instead under `WORKBOOK_REQUIRE_PEERS=1`.
//! These programs and the super-server are Unix's: built on Unix only.

#![cfg(unix)]

use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use conform::{Program, Running};
use harness::inetd::{Service, start};
use harness::peer::client::{connect, read_to_close};
use harness::proc::free_port;
use harness::real::available;

const ECHO: &str = env!("CARGO_BIN_EXE_echo_stdio");
const LIMIT: Duration = Duration::from_secs(30);

fn session_text(time: &str, lines: &[&str]) -> String {
    let echoed: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
    format!("Rust echo server opening / {time}\r\n{echoed}Rust echo server closing / {time}\r\n")
}

/// Starts a real server program and waits until it accepts on `addr`.
fn run_server(argv: Vec<String>, addr: SocketAddr) -> Running {
    let program = Program { argv, cwd: None };
    let mut running = Running::spawn(&program, &[], None, Duration::from_secs(60)).unwrap();
    let until = Instant::now() + LIMIT;
    running.wait_accepting(addr, until).unwrap();
    running
}

/// One client session over TCP: sends `input`, returns all it got.
fn talk(addr: SocketAddr, input: &[u8]) -> String {
    let mut s = connect(addr).unwrap();
    s.write_all(input).unwrap();
    let (all, err) = read_to_close(&mut s, 64 * 1024);
    assert!(err.is_none(), "{err:?}");
    String::from_utf8(all).unwrap()
}

#[test]
fn socat_forks_echo_stdio_per_connection() {
    if !available("socat", &["socat", "-V"]) {
        return;
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], free_port().unwrap()));
    let listen = format!("TCP-LISTEN:{},bind=127.0.0.1,reuseaddr,fork", addr.port());
    // socat splits addresses at colons, so the fixed "time" has none.
    let exec = format!("EXEC:{ECHO} --time noon");
    let server = run_server(vec!["socat".into(), listen, exec], addr);
    // The probe connection of wait_accepting got a session too; these are new ones.
    let handles: Vec<_> = (0..3)
        .map(|i| std::thread::spawn(move || talk(addr, format!("client {i}\r\n\r\n").as_bytes())))
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        assert_eq!(
            h.join().unwrap(),
            session_text("noon", &[&format!("client {i}")])
        );
    }
    server.finish();
}

/// The harness super-server running `echo_stdio`, for the `nc` tests.
fn inetd_echo(time: &str) -> harness::inetd::Inetd {
    let mut service = Service::new("lua-echo", vec![ECHO.into()]);
    service.env.push(("ECHO_STDIO_TIME".into(), time.into()));
    start("127.0.0.1:0".parse().unwrap(), service).unwrap()
}

#[test]
fn nc_is_a_client_of_our_super_server() {
    if !available("nc (netcat)", &["nc", "-h"]) {
        return;
    }
    let inetd = inetd_echo("11:11:11");
    let port = inetd.addr().port().to_string();
    Command::new("nc")
        .args(["127.0.0.1", &port])
        .write_stdin("typed by hand\n\n")
        .timeout(LIMIT)
        .assert()
        .success()
        .stdout(session_text("11:11:11", &["typed by hand"]));
}

#[test]
fn stream_client_drives_nc_like_the_seed() {
    if !available("nc (netcat)", &["nc", "-h"]) {
        return;
    }
    let inetd = inetd_echo("10:39:31");
    let port = inetd.addr().port().to_string();
    let out = Command::cargo_bin("stream_client")
        .unwrap()
        .args(["--host", "127.0.0.1", "--port", &port])
        .timeout(LIMIT)
        .assert()
        .success();
    // The output the book shows.
    harness::golden::assert_golden("fixtures/stream_client.out", &out.get_output().stdout);
    assert!(inetd.wait_finished(1, LIMIT));
}

/// The seed's xinetd service, in our words, on a private port and log.
fn xinetd_conf(dir: &Path, port: u16, server: &Path, user: &str) -> String {
    format!(
        "defaults\n{{\n    instances = 4\n}}\n\
         service workbook-echo\n{{\n    type = UNLISTED\n    socket_type = stream\n    protocol = tcp\n\
         \x20   wait = no\n    user = {user}\n    server = {}\n    server_args = --time 09:40:56\n\
         \x20   bind = 127.0.0.1\n    port = {port}\n    log_type = FILE {}\n\
         \x20   log_on_success = PID HOST DURATION EXIT\n    log_on_failure = HOST\n}}\n",
        server.display(),
        dir.join("xinetd.log").display()
    )
}

#[test]
fn xinetd_runs_echo_stdio() {
    if !available("xinetd", &["xinetd", "-version"]) {
        return;
    }
    // xinetd runs services as the configured user; as root we use the
    // seed's `nobody`, which must be able to reach and run the program.
    let user = if is_root() {
        "nobody".to_string()
    } else {
        std::env::var("USER").unwrap_or_default()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let server = dir.path().join("echo_stdio");
    std::fs::copy(ECHO, &server).unwrap();
    std::fs::set_permissions(&server, std::fs::Permissions::from_mode(0o755)).unwrap();
    let addr = SocketAddr::from(([127, 0, 0, 1], free_port().unwrap()));
    let conf = dir.path().join("xinetd.conf");
    std::fs::write(&conf, xinetd_conf(dir.path(), addr.port(), &server, &user)).unwrap();
    let argv = [
        "xinetd",
        "-dontfork",
        "-f",
        &conf.display().to_string(),
        "-pidfile",
        &dir.path().join("pid").display().to_string(),
    ]
    .map(String::from)
    .to_vec();
    let xinetd = run_server(argv, addr);
    assert_eq!(
        talk(addr, b"via xinetd\r\n\r\n"),
        session_text("09:40:56", &["via xinetd"])
    );
    // Wait (bounded) for xinetd to log the finished connections.
    let log_path = dir.path().join("xinetd.log");
    let until = Instant::now() + LIMIT;
    let log = loop {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        if log.matches("EXIT: workbook-echo").count() >= 2 || Instant::now() > until {
            break log;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    xinetd.finish();
    assert!(log.contains("START: workbook-echo pid="), "{log}");
    assert!(log.contains("from=127.0.0.1"), "{log}");
    assert!(
        log.contains("EXIT: workbook-echo status=0 pid=") && log.contains("duration="),
        "{log}"
    );
}

/// Whether we run as root, from /proc (no unsafe `getuid` needed).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A line echo peer of the harness with the fault plan `plan`.
fn faulty_echo(plan: harness::fault::FaultPlan) -> harness::peer::PeerHandle {
    harness::echo::start_with(harness::echo::EchoOptions {
        plan,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn stream_client_reassembles_replies_chopped_and_delayed() {
    if !available("nc (netcat)", &["nc", "-h"]) {
        return;
    }
    let peer = faulty_echo(harness::fault::FaultPlan::none().chop(1).delay(2, true));
    let port = peer.addr().port().to_string();
    let out = Command::cargo_bin("stream_client")
        .unwrap()
        .args([
            "--line",
            "first line",
            "--line",
            "second",
            "--",
            "nc",
            "-N",
            "127.0.0.1",
            &port,
        ])
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        peer.failure("stream_client failed")
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "first line\nsecond\n",
        "{}",
        peer.failure("wrong replies")
    );
}

#[test]
fn stream_client_ends_when_the_server_resets() {
    if !available("nc (netcat)", &["nc", "-h"]) {
        return;
    }
    let peer = faulty_echo(harness::fault::FaultPlan::none().reset_after_bytes(5));
    let port = peer.addr().port().to_string();
    let out = Command::cargo_bin("stream_client")
        .unwrap()
        .args([
            "--line",
            "a long first line",
            "--",
            "nc",
            "-N",
            "127.0.0.1",
            &port,
        ])
        .timeout(LIMIT)
        .output()
        .unwrap();
    // Whatever arrived before the reset is printed; nothing hangs.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        "a long first line\n".starts_with(text.trim_end_matches('\n')),
        "{text:?}"
    );
}
