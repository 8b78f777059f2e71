//! The process runner under `workbook conform` (`harness::proc`
//! and `child`): placeholders and variables, stdin and captured output, the
//! wait for a server to accept, and killing the whole group.
//! The scripts are `sh`'s and the groups Unix's: built on Unix only (the
//! Windows runner's logic is tested in `proc/sys.rs`).

#![cfg(unix)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use harness::proc::{Endpoint, Program, Running};
use harness::proc::{env_vars, free_port, shell_line, substitute};

fn sh(script: &str) -> Program {
    Program {
        argv: vec!["sh".into(), "-c".into(), script.into()],
        cwd: None,
    }
}

fn endpoints() -> Vec<Endpoint> {
    let addr: SocketAddr = "127.0.0.1:2525".parse().unwrap();
    vec![Endpoint::new("WORKBOOK", addr), Endpoint::new("smtp", addr)]
}

#[test]
fn placeholders_and_variables_name_every_endpoint() {
    let argv: Vec<String> = [
        "--to",
        "{host}:{port}",
        "{smtp_host}",
        "{smtp_port}",
        "{other}",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        substitute(&argv, &endpoints()),
        ["--to", "127.0.0.1:2525", "127.0.0.1", "2525", "{other}"]
    );
    let vars = env_vars(&endpoints());
    for (k, v) in [
        ("WORKBOOK_HOST", "127.0.0.1"),
        ("WORKBOOK_PORT", "2525"),
        ("SMTP_PORT", "2525"),
    ] {
        assert!(vars.contains(&(k.to_string(), v.to_string())), "{vars:?}");
    }
}

#[test]
fn shell_line_quotes_what_a_shell_would_split() {
    let argv = ["sh", "-c", "tr a-z A-Z | sed 's/x/y/'", "{port}"].map(String::from);
    assert_eq!(
        shell_line(&argv),
        r#"sh -c 'tr a-z A-Z | sed '\''s/x/y/'\''' {port}"#
    );
}

#[test]
fn the_program_gets_stdin_variables_and_its_output_is_captured() {
    let program = sh("cat; echo \"$SMTP_HOST:$WORKBOOK_PORT\"; echo oops >&2; exit 3");
    let run = Running::spawn(
        &program,
        &endpoints(),
        Some(b"in\n".to_vec()),
        Duration::from_secs(30),
    )
    .unwrap()
    .wait();
    assert_eq!(run.stdout, b"in\n127.0.0.1:2525\n");
    assert_eq!(run.stderr_tail(5), "oops");
    assert_eq!(run.describe_exit(), "exit status 3");
    assert!(!run.success() && !run.timed_out);
}

#[test]
fn waiting_for_a_server_ends_when_the_program_exits_first() {
    let port = free_port().unwrap();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut running = Running::spawn(&sh("exit 1"), &[], None, Duration::from_secs(60)).unwrap();
    let started = Instant::now();
    let err = running
        .wait_accepting(addr, running.deadline())
        .unwrap_err();
    assert!(err.contains("exited before accepting"), "{err}");
    // Woken by the exit, not by the 60 s deadline.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn waiting_for_a_server_succeeds_once_it_listens() {
    let port = free_port().unwrap();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let server = format!(
        "exec /usr/bin/python3 -c \"import socket,time; s=socket.create_server(('127.0.0.1',{port})); s.accept(); time.sleep(60)\""
    );
    if !harness::real::available("python3", &["/usr/bin/python3", "-c", "import socket"]) {
        return;
    }
    let mut running = Running::spawn(&sh(&server), &[], None, Duration::from_secs(60)).unwrap();
    running.wait_accepting(addr, running.deadline()).unwrap();
    let run = running.finish();
    assert!(run.stopped, "{}", run.describe_exit());
    assert_eq!(
        run.describe_exit(),
        "still running at the end; stopped by the harness"
    );
}

#[test]
fn dropping_a_running_program_kills_it() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let script = format!("sleep 300 & echo $! > {}; wait", pidfile.display());
    let mut running = Running::spawn(&sh(&script), &[], None, Duration::from_secs(60)).unwrap();
    // The pid file appears once the child is started; bounded wait.
    let until = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&pidfile).map_or(true, |s| !s.ends_with('\n')) {
        assert!(
            Instant::now() < until && !running.has_exited(),
            "the script did not start its child"
        );
        running.wait_exit_until(Instant::now() + Duration::from_millis(10));
    }
    let pid = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .to_string();
    drop(running);
    let stat = format!("/proc/{pid}/stat");
    let until = Instant::now() + Duration::from_secs(10);
    let dead = || {
        std::fs::read_to_string(&stat).map_or(true, |s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'))
        })
    };
    while !dead() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(dead(), "the grandchild {pid} survived the drop");
}

#[test]
fn a_missing_real_program_skips_or_fails_as_the_environment_says() {
    let required = std::env::var("WORKBOOK_REQUIRE_PEERS").is_ok_and(|v| v == "1");
    let probe = || harness::real::available("a missing program", &["/no/such/program"]);
    match std::panic::catch_unwind(probe) {
        Ok(found) => assert!(!found && !required, "found={found} required={required}"),
        Err(_) => assert!(
            required,
            "it panicked although WORKBOOK_REQUIRE_PEERS is not 1"
        ),
    }
    assert!(harness::real::available("sh", &["sh", "-c", "exit 0"]));
}
