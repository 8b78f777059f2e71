//! Judging one graded test from how its process ended and what it printed
//! (sans-I/O): its status, the message an instructor reads (the panic's
//! text, the time limit, the signal), and its output without libtest's own
//! lines or anything that changes from run to run.

use std::time::Duration;

use super::report::Status;
use harness::proc::{ProgramRun, exit_signal};

/// The status of test `name` and why it did not pass, from its run, its
/// output and the time limit it had.
pub(super) fn verdict(
    name: &str,
    run: &ProgramRun,
    stdout: &str,
    stderr: &str,
    timeout: Duration,
) -> (Status, Option<String>) {
    if run.timed_out {
        let secs = timeout.as_secs_f64();
        return (
            Status::Timeout,
            Some(format!(
                "still running after {secs} s: killed (a hang or an endless loop?)"
            )),
        );
    }
    let Some(status) = run.status else {
        return (
            Status::Error,
            Some("the test's exit status was lost".into()),
        );
    };
    match (status.code(), exit_signal(status)) {
        (Some(0), _) if stdout.contains("test result: ok. 1 passed") => (Status::Pass, None),
        (Some(0), _) => (
            Status::Crash,
            Some(format!(
                "the process ended before test {name} finished (process::exit?)"
            )),
        ),
        // libtest exits 101 when a test fails.
        (Some(101), _) => (Status::Fail, Some(panic_message(stderr))),
        (Some(code), _) => (
            Status::Crash,
            Some(format!(
                "the test process exited with status {code} (process::exit?)"
            )),
        ),
        (None, Some(sig)) => (Status::Crash, Some(crash_message(sig, stderr))),
        (None, None) => (Status::Crash, Some(format!("ended oddly: {status}"))),
    }
}

/// The last panic's text: what follows `panicked at FILE:LINE:COL:` up to
/// the backtrace note. The last, because a property test panics once per
/// failing case while it shrinks and ends with its own summary panic.
fn panic_message(stderr: &str) -> String {
    let all: Vec<&str> = stderr.lines().collect();
    let start = all
        .iter()
        .rposition(|l| l.starts_with("thread '") && l.contains(" panicked at "))
        .unwrap_or(all.len());
    let mut lines = all[start..].iter().copied();
    let Some(first) = lines.next() else {
        return "failed (no panic message)".into();
    };
    let location = first
        .split(" panicked at ")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(':');
    let body: Vec<&str> = lines
        .take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .collect();
    format!("{}\n(at {location})", body.join("\n").trim_end())
}

/// What the signals a test may die of mean to an instructor. No signals
/// on Windows, where a crash is an exit code.
#[cfg(unix)]
const SIGNALS: [(rustix::process::Signal, &str); 6] = {
    use rustix::process::Signal;
    [
        (Signal::ABORT, "SIGABRT (abort, or a stack overflow)"),
        (Signal::SEGV, "SIGSEGV (invalid memory access)"),
        (Signal::KILL, "SIGKILL (out of memory?)"),
        (Signal::BUS, "SIGBUS"),
        (Signal::FPE, "SIGFPE"),
        (Signal::XFSZ, "SIGXFSZ (wrote a file over the 1 GiB limit)"),
    ]
};

fn crash_message(sig: i32, stderr: &str) -> String {
    #[cfg(unix)]
    let known = SIGNALS.iter().find(|(s, _)| s.as_raw() == sig);
    #[cfg(not(unix))]
    let known: Option<&(i32, &str)> = None;
    let name = known.map_or("a signal", |(_, name)| name);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    format!("crashed: killed by signal {sig}, {name}\n{last}")
        .trim_end()
        .to_owned()
}

/// Drops the numeric thread ids Rust prints in panic messages
/// (`thread 'a::b' (4242) panicked`): they change on every run, and the
/// same checkout should get the same report.
pub(super) fn without_thread_ids(text: &str) -> String {
    static IDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        IDS.get_or_init(|| regex::Regex::new(r"(thread '[^'\n]*') \(\d+\)").expect("valid regex"));
    re.replace_all(text, "$1").into_owned()
}

/// Drops libtest's own lines around the test's output.
pub(super) fn strip_libtest(stdout: &str, name: &str) -> String {
    let header = format!("test {name} ... ");
    let mut out = String::new();
    let mut in_summary = false;
    for line in stdout.lines() {
        let line = line.strip_prefix(&header).unwrap_or(line);
        if line == "running 1 test" || matches!(line, "ok" | "FAILED") {
            continue;
        }
        if line == "failures:" || line == "successes:" || line.starts_with("test result: ") {
            in_summary = true;
        }
        if !in_summary && !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_message_without_libtest_chrome() {
        let stderr = "\nthread 'rot13::a' (123) panicked at chapters/chapter-06/tests/exercises/main.rs:20:9:\nassertion `left == right` failed\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            panic_message(stderr),
            "assertion `left == right` failed\n  left: 1\n right: 2\n(at chapters/chapter-06/tests/exercises/main.rs:20:9)"
        );
    }

    #[test]
    fn keeps_what_the_test_printed() {
        let stdout = "\nrunning 1 test\ntest a::b ... hello\nworld\nok\n\nsuccesses:\n\nsuccesses:\n    a::b\n\ntest result: ok. 1 passed; 0 failed\n\n";
        assert_eq!(strip_libtest(stdout, "a::b"), "hello\nworld\n");
    }
}
