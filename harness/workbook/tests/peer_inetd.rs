//! `workbook peer inetd -- PROGRAM`: the super-server peer run by hand as a
//! process (its behaviour is tested in the harness's `tests/inetd.rs`).
//! The super-server is Unix's: built on Unix only.

#![cfg(unix)]

use std::io::Write;
use std::net::Shutdown;
use std::time::{Duration, Instant};

use harness::peer::client::{connect, read_n, read_to_close};

/// Longest wait for the command to start or end.
const WAIT: Duration = Duration::from_secs(30);

/// `workbook peer inetd -- PROGRAM`: serves by hand and prints the log lines.
#[test]
fn the_peer_command_runs_a_program_per_connection() {
    use harness::proc::free_port;
    use harness::proc::{Program, Running};
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], free_port().unwrap()));
    let workbook = assert_cmd::cargo::cargo_bin("workbook")
        .display()
        .to_string();
    let port = addr.port().to_string();
    let argv = [&workbook, "peer", "inetd", "--port", &port, "--", "cat"];
    let program = Program {
        argv: argv.map(String::from).to_vec(),
        cwd: None,
    };
    let mut running = Running::spawn(&program, &[], None, WAIT).unwrap();
    running.wait_accepting(addr, Instant::now() + WAIT).unwrap();
    let mut s = connect(addr).unwrap();
    s.write_all(b"by hand\n").unwrap();
    assert_eq!(read_n(&mut s, 8).unwrap(), b"by hand\n");
    s.shutdown(Shutdown::Write).unwrap();
    let _ = read_to_close(&mut s, 64);
    // SIGTERM, as Ctrl-C would: the peer stops, prints its summary, exits 0.
    let pid = running.pid().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let run = running.wait();
    assert!(run.success(), "{}", run.describe_exit());
    // Events recorded before the command installs its live printer (our
    // connection may come that early) are not printed, so only the summary,
    // built from the whole transcript, is checked: the probe and our client.
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("# stopped: 2 connection(s)"), "{out}");
}

#[test]
fn the_peer_command_needs_a_program() {
    let out = assert_cmd::Command::cargo_bin("workbook")
        .unwrap()
        .args(["peer", "inetd"])
        .timeout(WAIT)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("workbook peer inetd -- PROGRAM [ARGS]"),
        "{err}"
    );
}
