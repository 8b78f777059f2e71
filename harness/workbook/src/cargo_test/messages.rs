//! Running cargo with `--message-format json…` under a time limit and
//! reading what it says, message by message.
//!
//! Cargo runs in its own process group (`harness::proc::Running`), so the
//! time limit kills cargo *and* the test binary or rustc it started. Its
//! stdout and stderr share one pipe, read on a thread: a line of JSON is one
//! of cargo's messages, any other line (cargo's `Running …` notes, libtest's
//! output) is a [`Message::TextLine`], as `cargo_metadata` has it. Lines are
//! read as bytes and decoded lossily, since a learner's test may print
//! anything.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use cargo_metadata::Message;

use harness::proc::{ProgramRun, Running};

/// Runs `cmd` (a cargo command with a JSON message format), its stdout and
/// stderr merged, calling `on_message` with each message as it comes;
/// stops its whole process group after `limit`. The run's status says how
/// it ended (`timed_out` when it was stopped).
pub fn run_cargo(
    mut cmd: Command,
    limit: Duration,
    on_message: &mut dyn FnMut(Message),
) -> Result<ProgramRun> {
    let (reader, writer) = std::io::pipe().context("cannot create a pipe for cargo")?;
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    // Dropped with the command once spawned: our copies of the pipe's write
    // end, which would keep the read end from ever seeing end-of-file.
    let running =
        Running::spawn_command(cmd, limit).context("cannot run cargo (is it on your PATH?)")?;
    let messages = read_messages(reader);
    if pump(&messages, running.deadline(), on_message) {
        let mut run = running.finish();
        run.timed_out = true;
        return Ok(run);
    }
    Ok(running.wait())
}

/// Reads `pipe` line by line on a thread, each line as a message.
fn read_messages(pipe: impl Read + Send + 'static) -> Receiver<Message> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).split(b'\n') {
            let Ok(line) = line else { break };
            let text = String::from_utf8_lossy(&line).trim_end().to_owned();
            let message = serde_json::from_str(&text).unwrap_or(Message::TextLine(text));
            if tx.send(message).is_err() {
                break;
            }
        }
    });
    rx
}

/// Passes on messages until the pipe closes (false) or `deadline` passes
/// (true).
fn pump(messages: &Receiver<Message>, deadline: Instant, sink: &mut dyn FnMut(Message)) -> bool {
    loop {
        match messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(message) => sink(message),
            Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_past_its_time_limit_is_stopped() {
        // A "test binary" (the grandchild `sleep`) that does not finish and
        // holds the output pipe open: the run must still end at the limit
        // and keep what was reported before it.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'test a ... ok'; echo '{\"reason\":\"build-finished\",\"success\":true}'; sleep 120 & wait"]);
        let started = Instant::now();
        let mut seen = Vec::new();
        let run = run_cargo(cmd, Duration::from_secs(1), &mut |m| seen.push(m)).unwrap();
        assert!(run.timed_out);
        assert!(matches!(&seen[0], Message::TextLine(l) if l == "test a ... ok"));
        assert!(matches!(&seen[1], Message::BuildFinished(b) if b.success));
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "took {:?}",
            started.elapsed()
        );
    }
}
