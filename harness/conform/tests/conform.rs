//! `workbook conform` end to end: our own programs pass, programs in other
//! languages (Python with plain sockets, Lua 5.1 with LuaSocket) pass, and
//! deliberately broken programs (`tests/programs/`) fail with the golden
//! reports in `tests/snapshots/`.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use harness::real::available;

const PYTHON: &str = "/usr/bin/python3";

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

fn program(name: &str) -> String {
    programs().join(name).display().to_string()
}

/// `workbook conform <args…>`, with a generous timeout so a bug cannot hang CI.
fn conform(args: &[&str]) -> Output {
    Command::cargo_bin("workbook")
        .unwrap()
        .arg("conform")
        .args(args)
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap()
}

/// Stdout with the run-specific parts (ports, paths) replaced.
fn redacted(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    let text = text.replace(&programs().display().to_string(), "<programs>");
    regex::Regex::new(r"127\.0\.0\.1:\d+")
        .unwrap()
        .replace_all(&text, "127.0.0.1:PORT")
        .into_owned()
}

fn python() -> bool {
    available(
        "python3 (Debian's /usr/bin/python3)",
        &[PYTHON, "-c", "import socket"],
    )
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

#[test]
fn list_shows_every_case_with_one_line() {
    let out = conform(&["--list"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8_lossy(&out.stdout);
    for (case, role) in [
        ("echo-client", "client"),
        ("echo-server", "server"),
        ("rot13", "filter"),
    ] {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(case));
        let words: Vec<&str> = line.unwrap_or_default().split_whitespace().collect();
        assert!(
            words.len() > 3 && words[1] == role,
            "no `{case} {role} …` line in:\n{text}"
        );
    }
}

#[test]
fn an_unknown_case_is_a_usage_error_naming_the_cases() {
    let out = conform(&["no-such-case", "--", "true"]);
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no case `no-such-case`") && err.contains("echo-client"),
        "{err}"
    );
}

#[test]
fn our_echo_client_passes_and_writes_a_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = conform(&[
        "echo-client",
        "--time-limit",
        "240",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["case"], "echo-client");
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["grade"] == "OK"),
        "{report}"
    );
}

#[test]
fn our_echo_server_passes() {
    let out = conform(&["echo-server", "--time-limit", "240"]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
}

#[test]
fn a_python_echo_client_passes_with_placeholders() {
    if !python() {
        return;
    }
    let out = conform(&[
        "echo-client",
        "--",
        PYTHON,
        &program("echo_client.py"),
        "{host}",
        "{port}",
    ]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
    assert!(redacted(&out).ends_with("PASS\n"));
}

#[test]
fn a_lua_echo_client_passes_with_environment_variables() {
    if !available(
        "lua5.1 with lua-socket",
        &["lua5.1", "-e", "require('socket')"],
    ) {
        return;
    }
    let out = conform(&["echo-client", "--", "lua5.1", &program("echo_client.lua")]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
}

#[test]
fn a_python_echo_server_passes() {
    if !python() {
        return;
    }
    let out = conform(&["echo-server", "--", PYTHON, &program("echo_server.py")]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
}

/// A server that pauses longer than a few seconds before answering (as
/// Dovecot does after a failed login) still passes: reads wait as long as
/// the case's time limit, not a fixed 3 s.
#[test]
fn a_server_that_answers_late_within_the_time_limit_passes() {
    if !python() {
        return;
    }
    let server = program("echo_server.py");
    let out = conform(&["echo-server", "--", PYTHON, &server, "slow"]);
    assert_eq!(code(&out), 0, "{}", redacted(&out));
}

/// Runs a broken program and returns (exit code, redacted report).
fn broken(case: &str, name: &str, extra: &[&str]) -> Option<(i32, String)> {
    if !python() {
        return None;
    }
    let file = program(name);
    let mut args = vec![case, "--time-limit", "5", "--", PYTHON, &file];
    args.extend(extra);
    let out = conform(&args);
    Some((code(&out), redacted(&out)))
}

#[test]
fn a_client_ending_its_line_with_bare_lf_passes_with_a_warning() {
    let Some((code, report)) = broken("echo-client", "echo_client.py", &["{host}", "{port}", "lf"])
    else {
        return;
    };
    assert_eq!(code, 0, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn a_client_that_skips_the_line_fails() {
    let Some((code, report)) = broken(
        "echo-client",
        "echo_client.py",
        &["{host}", "{port}", "skip"],
    ) else {
        return;
    };
    assert_eq!(code, 1, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn a_server_that_never_answers_fails_with_a_timeout_hint() {
    let Some((code, report)) = broken("echo-server", "echo_server.py", &["silent"]) else {
        return;
    };
    assert_eq!(code, 1, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn a_server_answering_with_bare_lf_fails_the_exact_bytes_check() {
    let Some((code, report)) = broken("echo-server", "echo_server.py", &["bare-lf"]) else {
        return;
    };
    assert_eq!(code, 1, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn a_server_that_crashes_mid_reply_fails_with_its_stderr() {
    let Some((code, report)) = broken("echo-server", "echo_server.py", &["crash"]) else {
        return;
    };
    assert_eq!(code, 1, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn a_server_that_exits_before_listening_fails_with_its_stderr() {
    let Some((code, report)) = broken("echo-server", "exits_at_once.py", &[]) else {
        return;
    };
    assert_eq!(code, 1, "{report}");
    insta::assert_snapshot!(report);
}

/// Whether `pid` is gone (or a zombie nobody has reaped yet: dead all the same).
fn dead(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

#[test]
fn the_time_limit_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("child.pid");
    let out = conform(&[
        "echo-client",
        "--time-limit",
        "2",
        "--",
        "sh",
        &program("fork_and_hang.sh"),
        pidfile.to_str().unwrap(),
    ]);
    let report = redacted(&out);
    assert_eq!(code(&out), 1, "{report}");
    assert!(
        report.contains("killed by the harness at the time limit"),
        "{report}"
    );
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let pid = pid.trim();
    // SIGKILL was sent before `workbook` exited; allow the kernel a moment.
    let until = Instant::now() + Duration::from_secs(10);
    while !dead(pid) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        dead(pid),
        "the child {pid} of the program outlived the time limit"
    );
}
