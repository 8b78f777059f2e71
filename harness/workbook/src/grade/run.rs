//! Running one test of a learner's build, alone (judged in `verdict.rs`).
//!
//! Each test runs as its own process (`EXE NAME --exact --nocapture`) so a
//! hang, a crash or a flood of output is that test's alone: the process has
//! its own process group (killed whole at the time limit), runs in the
//! [`Sandbox`], and its output is read to the end but kept only up to a cap.
//! `--nocapture` matters for floods: without it libtest would buffer
//! everything the test prints in memory before we saw a byte of it.
//!
//! Property tests get a fixed seed and no failure files, so the same
//! checkout always gets the same report, and one learner's failing cases
//! never become the next learner's.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::report::TestReport;
use super::sandbox::Sandbox;
use super::verdict::{strip_libtest, verdict, without_thread_ids};
use super::{cap, head};
use harness::proc::{ProgramRun, Running};

/// The seed every graded property test uses.
pub const PROPTEST_SEED: &str = "20261121";

/// How tests are run.
#[derive(Debug, Clone)]
pub struct TestRunner {
    /// Confinement of each test process.
    pub sandbox: Sandbox,
    /// Time limit per test.
    pub timeout: Duration,
    /// Bytes of output kept per test in the report.
    pub output_limit: usize,
}

/// The names of the tests in `exe` (`--list`), sorted.
pub fn list_tests(exe: &Path) -> Result<Vec<String>> {
    let out = Command::new(exe)
        .args(["--list", "--format", "terse"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !out.status.success() {
        bail!("{} --list failed: {}", exe.display(), out.status);
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_owned)
        .collect();
    names.sort();
    Ok(names)
}

impl TestRunner {
    /// Runs test `name` of `exe` with `cwd` as its working directory (cargo
    /// runs tests in their package's directory; some read fixtures from it).
    pub fn run(&self, exe: &Path, cwd: &Path, name: &str) -> Result<TestReport> {
        let mut cmd = Command::new(exe);
        cmd.args([name, "--exact", "--nocapture", "--test-threads", "1"])
            .args(["--color", "never", "--include-ignored"])
            .current_dir(cwd)
            .env("CARGO_MANIFEST_DIR", cwd)
            .env("RUST_BACKTRACE", "0")
            .env("PROPTEST_RNG_SEED", PROPTEST_SEED)
            .env("PROPTEST_DISABLE_FAILURE_PERSISTENCE", "1")
            .env_remove("WORKBOOK_REQUIRE_PEERS")
            .stdin(Stdio::null());
        self.sandbox
            .confine(&mut cmd)
            .context("cannot set up the sandbox")?;
        // Our own pipes rather than Running's capture: a flood must keep
        // its end too, where libtest's verdict and the panic message are.
        let (out_rx, out_tx) = std::io::pipe().context("cannot create a pipe")?;
        let (err_rx, err_tx) = std::io::pipe().context("cannot create a pipe")?;
        cmd.stdout(out_tx).stderr(err_tx);
        let running = Running::spawn_command(cmd, self.timeout)
            .with_context(|| format!("cannot run {}", exe.display()))?;
        let keep = self.output_limit.max(MIN_KEPT);
        let (stdout, stderr) = (capture(out_rx, keep), capture(err_rx, keep));
        let run = running.wait();
        let (stdout, stderr) = (collect(stdout), collect(stderr));
        Ok(self.judge(name, &run, &stdout, &stderr))
    }

    fn judge(&self, name: &str, run: &ProgramRun, stdout: &Kept, stderr: &Kept) -> TestReport {
        let (status, message) = verdict(name, run, &stdout.text(), &stderr.text(), self.timeout);
        let mut output = strip_libtest(&stdout.text(), name);
        output.push_str(&stderr.text());
        let output = without_thread_ids(&output);
        let printed = stdout.len() + stderr.len();
        let output = if output.len() > self.output_limit {
            let kept = head(&output, self.output_limit);
            format!("{kept}\n[... cut: the test printed {printed} bytes in all]\n")
        } else {
            output
        };
        let message = message.map(|m| cap(without_thread_ids(&m), self.output_limit));
        TestReport {
            name: name.to_owned(),
            status,
            message,
            output,
            duration_ms: run.elapsed.as_millis() as u64,
        }
    }
}

/// Bytes kept from each end of a stream, whatever `--output-limit` says:
/// enough for libtest's last lines and a panic message.
const MIN_KEPT: usize = 16 * 1024;
/// How long to wait for a pipe to close once the process group is gone.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// The start and the end of a stream that may be huge.
#[derive(Debug, Default)]
struct Kept {
    head: String,
    tail: String,
    /// Bytes dropped between head and tail.
    cut: u64,
}

impl Kept {
    /// Bytes the stream carried.
    fn len(&self) -> u64 {
        (self.head.len() + self.tail.len()) as u64 + self.cut
    }

    fn text(&self) -> String {
        if self.cut == 0 {
            format!("{}{}", self.head, self.tail)
        } else {
            format!(
                "{}\n[... {} bytes cut by workbook grade ...]\n{}",
                self.head, self.cut, self.tail
            )
        }
    }
}

/// Reads `pipe` to its end on a thread, keeping `keep` bytes of each end.
fn capture(mut pipe: impl Read + Send + 'static, keep: usize) -> mpsc::Receiver<Kept> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut head, mut tail) = (Vec::new(), VecDeque::new());
        let mut cut = 0u64;
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = pipe.read(&mut buf) {
            let mut bytes = &buf[..n];
            let room = keep.saturating_sub(head.len()).min(bytes.len());
            head.extend_from_slice(&bytes[..room]);
            bytes = &bytes[room..];
            tail.extend(bytes);
            let over = tail.len().saturating_sub(keep);
            tail.drain(..over);
            cut += over as u64;
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let tail: Vec<u8> = tail.into();
        let _ = tx.send(Kept {
            head: text(&head),
            tail: text(&tail),
            cut,
        });
    });
    rx
}

/// What a capture kept; empty if the pipe stays open past the grace time
/// (a grandchild that left the process group may hold it).
fn collect(rx: mpsc::Receiver<Kept>) -> Kept {
    rx.recv_timeout(DRAIN_GRACE).unwrap_or_default()
}
