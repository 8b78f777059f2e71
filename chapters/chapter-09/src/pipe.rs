//! Talking to another program through both of its standard streams: the
//! seed's `client_03`, which drives `nc` (or `ssh`, `plink`) to reach a
//! server without any socket code of its own.
//!
//! Lua's `io.popen` opens one direction only, so the seed wrote its lines to
//! a file first and started `nc < file`. `std::process::Command` pipes both
//! directions at once, which brings a classic trap: a program that writes
//! all its input before reading any output deadlocks as soon as the other
//! program's output pipe fills (64 KiB on Linux) — it stops reading its
//! input, our write blocks, and nobody reads. So [`converse`] writes on its
//! own thread and reads on the caller's, each side moving as data comes.
//!
//! Memory stays bounded: replies are handed to a callback a line at a time,
//! and a line longer than [`PipeOptions::max_line`] arrives in pieces of at
//! most that size. A time limit kills the program if it hangs.
//!
//! Layout: [`PipeOptions`], [`Outcome`], [`converse`].

use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How to talk to the program.
#[derive(Debug, Clone)]
pub struct PipeOptions {
    /// Line ending added to every line sent (`\r\n` for network protocols).
    pub eol: &'static [u8],
    /// Longest piece of a reply handed to the callback.
    pub max_line: usize,
    /// The program is killed if the conversation lasts longer.
    pub time_limit: Duration,
}

impl Default for PipeOptions {
    fn default() -> Self {
        PipeOptions {
            eol: b"\r\n",
            max_line: 64 * 1024,
            time_limit: Duration::from_secs(60),
        }
    }
}

/// How the conversation ended.
#[derive(Debug)]
pub struct Outcome {
    /// Lines written to the program.
    pub sent: usize,
    /// Reply lines (or pieces of over-long lines) received.
    pub received: usize,
    /// The program's exit status.
    pub status: ExitStatus,
    /// Whether it was killed at the time limit.
    pub timed_out: bool,
    /// Why writing stopped early, if it did (e.g. the program exited first).
    pub write_error: Option<io::Error>,
}

// ANCHOR: converse
/// Runs `command` with its stdin and stdout piped, writes `lines` (each with
/// [`PipeOptions::eol`]) on a writer thread, then closes its stdin; hands
/// every reply line (ending included) to `on_reply` as it arrives, until the
/// program closes its stdout; then waits for it.
pub fn converse<I>(
    command: &mut Command,
    lines: I,
    options: &PipeOptions,
    on_reply: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Outcome>
where
    I: IntoIterator<Item = Vec<u8>> + Send + 'static,
    I::IntoIter: Send,
{
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
    let child = Arc::new(Mutex::new(child));
    let eol = options.eol;
    let writer = thread::spawn(move || {
        let Some(mut pipe) = stdin else {
            return (0, Some(io::Error::other("no stdin pipe")));
        };
        let mut sent = 0;
        for line in lines {
            if let Err(e) = pipe.write_all(&[line.as_slice(), eol].concat()) {
                return (sent, Some(e));
            }
            sent += 1;
        }
        // `pipe` is dropped here, which closes it: the program sees end of input.
        (sent, None)
    });
    let (done, watchdog) = spawn_watchdog(child.clone(), options.time_limit);
    let read = read_replies(stdout, options.max_line, on_reply);
    if read.is_err() {
        // We stopped reading: the program may block on its output, and the
        // writer on its input. End it so both threads finish.
        let _ = lock(&child).kill();
    }
    drop(done);
    let timed_out = watchdog.join().unwrap_or(false);
    let (sent, write_error) = writer
        .join()
        .map_err(|_| io::Error::other("writer thread panicked"))?;
    let status = lock(&child).wait()?;
    let received = read?;
    Ok(Outcome {
        sent,
        received,
        status,
        timed_out,
        write_error,
    })
}
// ANCHOR_END: converse

/// Reads reply lines until end of file; returns how many.
fn read_replies(
    stdout: Option<std::process::ChildStdout>,
    max_line: usize,
    on_reply: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<usize> {
    let stdout = stdout.ok_or_else(|| io::Error::other("no stdout pipe"))?;
    let mut reader = BufReader::new(stdout);
    let (mut count, mut line) = (0, Vec::new());
    loop {
        line.clear();
        // `take` caps one piece; the rest of a long line comes next time.
        let n = reader
            .by_ref()
            .take(max_line.max(1) as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(count);
        }
        count += 1;
        on_reply(&line)?;
    }
}

/// Kills the program if `done` is not dropped within `limit`; the thread
/// returns whether it killed.
fn spawn_watchdog(
    child: Arc<Mutex<Child>>,
    limit: Duration,
) -> (mpsc::Sender<()>, thread::JoinHandle<bool>) {
    let (done, wait) = mpsc::channel::<()>();
    let thread = thread::spawn(move || match wait.recv_timeout(limit) {
        Err(RecvTimeoutError::Timeout) => {
            // Killing closes its stdout, which ends the reading loop.
            let _ = lock(&child).kill();
            true
        }
        _ => false,
    });
    (done, thread)
}

fn lock(child: &Mutex<Child>) -> std::sync::MutexGuard<'_, Child> {
    child.lock().unwrap_or_else(|p| p.into_inner())
}
