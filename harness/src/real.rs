//! Whether a real program (an interpreter, a server) is there for a test
//! that needs it (DESIGN.md §9).
//!
//! Such a test skips with a visible message when the program is missing, and
//! fails instead when `WORKBOOK_REQUIRE_PEERS=1` (CI sets it after installing
//! them), so a missing install cannot turn into a silent pass.
//!
//! The message goes straight to the process's stderr, not through
//! `eprintln!`: libtest captures what the print macros write and shows it
//! only for failing tests, so a skipped test would read as a plain `ok`.
//! Each message is one line, [`SKIP_PREFIX`] then the test's name, so
//! `cargo workbook` can count the skips and say what to install.
//!
//! # Layout
//! [`REQUIRE_VAR`], [`available`], [`skip`], [`SKIP_PREFIX`]; [`run`] and
//! [`RUN_LIMIT`]: running such a program to its end, bounded.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::proc::Running;

/// The variable that turns a skip into a failure.
pub const REQUIRE_VAR: &str = "WORKBOOK_REQUIRE_PEERS";

/// Runs `probe` (e.g. `["lua5.1", "-e", "require 'socket'"]`); true when it
/// exits with status 0. Otherwise prints a SKIPPED line naming `what` and
/// returns false, or panics when [`REQUIRE_VAR`] is `1`.
pub fn available(what: &str, probe: &[&str]) -> bool {
    let Some((cmd, args)) = probe.split_first() else {
        return false;
    };
    let ok = Command::new(cmd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let message = format!("{what} is not available (`{}` failed)", probe.join(" "));
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!("{message}, and {REQUIRE_VAR}=1 requires it");
        }
        skip(&format!("{message}; install it to run this test"));
    }
    ok
}

/// Starts the line [`skip`] writes: `SKIPPED <test>: <why>`.
pub const SKIP_PREFIX: &str = "SKIPPED ";

/// Says, where `cargo test` shows it by default, that the running test
/// skips its work and `why`. libtest names each test's thread after it.
pub fn skip(why: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let line = format!("{SKIP_PREFIX}{test}: {why}\n");
    // One write of one short line, so it does not mix with libtest's lines.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// The longest [`run`] lets a real program take.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// Runs a real program (curl, python3, ...) to its end and returns its
/// stdout (captured up to [`crate::proc::CAPTURE_CAP`]). Its stdin is
/// closed, it gets at most [`RUN_LIMIT`], and its whole process group is
/// killed afterwards, so it cannot hang or outlive the test. Panics with
/// its exit and stderr unless it exits with status 0.
pub fn run(mut command: Command) -> Vec<u8> {
    let shown = format!("{command:?}");
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let running = Running::spawn_command(command, RUN_LIMIT)
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let done = running.wait();
    assert!(
        done.success(),
        "{shown}: {}\n{}",
        done.describe_exit(),
        String::from_utf8_lossy(&done.stderr)
    );
    done.stdout
}
