//! Readable failure messages, shared by every chapter's tests and by
//! `workbook conform` (DESIGN.md §5).
//!
//! A good failure says what was expected, what came instead, and where: a
//! caret under the first differing byte ([`bytes_mismatch`]), a plain-English
//! reading of socket errors ([`io_hint`]), a command to poke the peer by hand
//! ([`reproduce`]), and the fault seed that replays the run ([`with_seed`]).
//! [`Failure`] puts these together; [`assert_bytes_eq`] is the one-liner for
//! tests; [`within`] turns a call that blocks into a failure.
//!
//! Layout: `failure/bytes.rs` (escapes, caret, hex dump), `failure/diff.rs`
//! (unified line diff), [`expect`] (the exercises' `expect_eq!` and
//! `prop_expect_eq!`); hints, reproduction lines and the builder live here.

use std::fmt;
use std::io;
use std::net::SocketAddr;

mod bytes;
mod diff;
pub mod expect;

pub use bytes::{bytes_mismatch, escape, escape_byte, first_difference, looks_binary};
pub use diff::line_diff;

/// A call that had not returned when [`within`] stopped waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked(pub std::time::Duration);

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "did not return within {:?}", self.0)
    }
}

/// Runs `f` on a thread and waits at most `limit` for it: a learner's code
/// that blocks (a loop with no way out, a read with no timeout) then fails
/// its test at once, with words, instead of hanging it. A panic of `f` (a
/// `todo!()`, a failed assertion) is passed on as it was, not reported as
/// blocking. On [`Blocked`] the thread is left to the ending test process.
pub fn within<T: Send + 'static>(
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Blocked> {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let (tx, rx) = channel();
    let thread = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => Ok(value),
        Err(RecvTimeoutError::Timeout) => Err(Blocked(limit)),
        Err(RecvTimeoutError::Disconnected) => match thread.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the thread sends before it ends"),
        },
    }
}

/// What to say when a read returned 0 bytes (end of file) too early.
pub const EOF_HINT: &str = "the peer closed the connection (end of file) before sending all that \
was expected: it may have crashed, or thought the conversation was over";

/// A plain-English reading of a socket error: what it usually means and what
/// to look at. Unknown kinds get a generic sentence.
pub fn io_hint(err: &io::Error) -> &'static str {
    use io::ErrorKind as K;
    match err.kind() {
        K::UnexpectedEof => EOF_HINT,
        K::ConnectionReset | K::ConnectionAborted => {
            "the peer reset the connection (TCP RST): it crashed, or closed its socket while \
             data it had not read was still waiting"
        }
        K::ConnectionRefused => {
            "connection refused: nothing is listening on that address and port; is the server \
             running, and on this port?"
        }
        K::TimedOut | K::WouldBlock => {
            "no answer within the time limit: the peer may still be waiting for you (a missing \
             line ending? an unflushed write?) or it is stuck"
        }
        K::BrokenPipe => "you wrote to a connection the peer had already closed",
        K::AddrInUse => "that port is already taken by another program; use port 0 or another one",
        K::AddrNotAvailable => "that address does not belong to this machine",
        K::NotConnected => "the socket is not connected (connect first, or it was shut down)",
        K::InvalidData => "the bytes received do not follow the protocol",
        _ => "an I/O error; the message above is the operating system's own words",
    }
}

/// What happened, briefly: `"timed out"` for timeouts (rather than the OS's
/// "Resource temporarily unavailable"), the OS's own words otherwise.
pub fn io_what(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => "timed out".to_string(),
        _ => err.to_string(),
    }
}

/// A socket error as two lines: what happened ([`io_what`]), then
/// `hint: ` and what it usually means ([`io_hint`]).
pub fn io_summary(err: &io::Error) -> String {
    format!("{}\nhint: {}", io_what(err), io_hint(err))
}

/// The protocol spoken on an address, to pick the by-hand command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    /// Line-oriented TCP (echo and friends).
    Line,
    /// HTTP/1.x.
    Http,
    /// SMTP.
    Smtp,
    /// POP3.
    Pop3,
    /// UDP datagrams.
    Udp,
}

/// Commands to talk to `addr` by hand, one per line, e.g. `nc -C 127.0.0.1 7`.
pub fn reproduce(addr: SocketAddr, proto: Proto) -> String {
    let (host, port) = (addr.ip(), addr.port());
    // `-C` makes OpenBSD netcat send CRLF, as network text protocols expect;
    // telnet always does.
    let nc = format!("nc -C {host} {port}");
    let telnet = format!("telnet {host} {port}");
    match proto {
        Proto::Line => format!("{nc}    (or: {telnet})"),
        Proto::Http => format!(
            "curl -v http://{addr}/    (or: {nc}, then type GET / HTTP/1.0 and an empty line)"
        ),
        Proto::Smtp => format!("{nc}    (then type: EHLO me)"),
        Proto::Pop3 => format!("{nc}    (then type: USER name, PASS secret, LIST)"),
        Proto::Udp => format!("nc -u {host} {port}"),
    }
}

/// Appends the fault seed (when there is one) so the run can be replayed.
pub fn with_seed(message: impl Into<String>, seed: Option<u64>) -> String {
    let mut message = message.into();
    if let Some(seed) = seed {
        message.push_str(&format!("\nfault seed: {seed} (replay with --seed {seed})"));
    }
    message
}

/// A failure message under construction; its `Display` is the final text.
///
/// ```
/// use harness::failure::{Failure, Proto};
/// let addr = "127.0.0.1:2525".parse().unwrap();
/// let msg = Failure::new("reply to EHLO")
///     .bytes(b"250 ok\r\n", b"250 ok\n")
///     .reproduce(addr, Proto::Smtp)
///     .seed(Some(7))
///     .to_string();
/// assert!(msg.contains("fault seed: 7"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Failure {
    what: String,
    details: Vec<String>,
    hints: Vec<String>,
    reproduce: Option<String>,
    seed: Option<u64>,
}

impl Failure {
    /// Starts a message about `what` went wrong ("reply to EHLO").
    pub fn new(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            ..Self::default()
        }
    }

    /// Adds an expected-vs-actual comparison of bytes with a caret.
    pub fn bytes(mut self, expected: &[u8], actual: &[u8]) -> Self {
        self.details.push(bytes_mismatch(expected, actual));
        self
    }

    /// Adds an expected-vs-actual line diff.
    pub fn diff(mut self, expected: &str, actual: &str) -> Self {
        self.details.push(line_diff(expected, actual));
        self
    }

    /// Adds a socket error with its plain-English hint.
    pub fn io(mut self, err: &io::Error) -> Self {
        self.details.push(format!("I/O error: {err}"));
        self.hints.push(io_hint(err).to_string());
        self
    }

    /// Adds a free-form detail line.
    pub fn detail(mut self, text: impl Into<String>) -> Self {
        self.details.push(text.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, text: impl Into<String>) -> Self {
        self.hints.push(text.into());
        self
    }

    /// Says how to talk to the peer by hand.
    pub fn reproduce(mut self, addr: SocketAddr, proto: Proto) -> Self {
        self.reproduce = Some(reproduce(addr, proto));
        self
    }

    /// Records the fault seed, if the run had one.
    pub fn seed(mut self, seed: Option<u64>) -> Self {
        self.seed = seed;
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.what)?;
        for detail in &self.details {
            writeln!(f, "{}", detail.trim_end())?;
        }
        for hint in &self.hints {
            writeln!(f, "hint: {hint}")?;
        }
        if let Some(cmd) = &self.reproduce {
            writeln!(f, "try it by hand: {cmd}")?;
        }
        write!(f, "{}", with_seed("", self.seed).trim_start())
    }
}

/// Panics with a caret-annotated message when `actual` differs from
/// `expected`; `what` names the thing compared ("echoed line").
#[track_caller]
pub fn assert_bytes_eq(what: &str, expected: &[u8], actual: &[u8]) {
    if expected != actual {
        panic!(
            "{}",
            Failure::new(format!("{what} differs")).bytes(expected, actual)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_returns_reports_blocking_and_passes_a_panic_on() {
        use std::time::Duration;
        assert_eq!(within(Duration::from_secs(5), || 7), Ok(7));
        let blocked = within(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(2));
        });
        assert_eq!(blocked, Err(Blocked(Duration::from_millis(50))));
        assert_eq!(
            blocked.unwrap_err().to_string(),
            "did not return within 50ms"
        );
        let panicked = std::panic::catch_unwind(|| {
            within(Duration::from_secs(5), || -> u8 {
                panic!("not yet implemented")
            })
        });
        let message = panicked.unwrap_err();
        assert_eq!(message.downcast_ref::<&str>(), Some(&"not yet implemented"));
    }
}
