//! Scripted line conversations with a server under test, shared by the
//! server cases.
//!
//! Layout:
//! - [`Step`] and [`Player`]: a script for several clients at once
//!   (`echo-server`, `select-server`, `chat-server`), each step graded by
//!   the checks of [`super::line_checks`] ([`Step::Line`] is the lenient one:
//!   either line ending, and `*` wildcards);
//! - [`one_client`] and [`sent_lines`]: one client through a list of
//!   command steps, and the comparison view of what it sent (`smtp-server`,
//!   `pop3-server`).
//!
//! Every player stops at the first FAILED check, so the report shows the
//! cause rather than its echoes (as h2spec does).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::line_checks::{check_close, check_echo, closed, expect, expect_line, send};
use crate::client::{LineClient, read_limit};
use crate::{Check, Grade};
use harness::failure::{escape, io_summary};
use harness::transcript::{Recorder, Side, Transcript};

/// What the harness says when it stops at the first failure.
pub(crate) const STOPPED: &str =
    "the harness stopped the conversation here (later steps would only repeat this failure)";

/// One step of a scripted conversation with several clients (0-based).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// Connect client `.0` (named `client-N`, 1-based).
    Connect(usize),
    /// Write these pieces back to back (one line may be split across writes).
    Send(usize, &'static [&'static str]),
    /// Read one line and expect exactly these bytes, as an answer ([`expect`]).
    Expect(usize, &'static str),
    /// Read one line and expect exactly these bytes, as an echo
    /// ([`check_echo`]: its wording, and the bare-LF hint).
    Echo(usize, &'static str),
    /// Read one line: its text (without LF or CRLF, either accepted, as
    /// LuaSocket's line pattern reads) must match `.1`, where a `*`
    /// stands for any text ([`line_matches`]).
    Line(usize, &'static str),
    /// Expect the server to close this connection (EOF, no more data).
    Closed(usize),
    /// Close this connection from the client side.
    Hang(usize),
}

/// Plays [`Step`]s against one server with numbered clients; the clients
/// outlive a script, so a case can end it its own way.
pub(crate) struct Player<'a> {
    addr: SocketAddr,
    recorder: &'a Recorder,
    until: Instant,
    read_limit: Duration,
    clients: Vec<Option<LineClient>>,
}

impl<'a> Player<'a> {
    /// A player for the server at `addr`, recording into `recorder`, with
    /// every read done by `until`.
    pub(crate) fn new(addr: SocketAddr, recorder: &'a Recorder, until: Instant) -> Self {
        Self {
            addr,
            recorder,
            until,
            read_limit: read_limit(until.saturating_duration_since(Instant::now())),
            clients: Vec::new(),
        }
    }

    /// Connects client `i`; a refused connection is a FAILED check.
    fn connect(&mut self, i: usize) -> Option<Check> {
        if self.clients.len() <= i {
            self.clients.resize_with(i + 1, || None);
        }
        let name = format!("client-{}", i + 1);
        match LineClient::connect(self.addr, self.recorder, &name) {
            Ok(c) => {
                self.clients[i] = Some(c.with_read_limit(self.read_limit));
                None
            }
            Err(e) => Some(Check::must(
                format!("accepts {name}"),
                false,
                io_summary(&e),
            )),
        }
    }

    /// Connects clients `0..n` in order before any script; the first
    /// refusal is the check returned (no stop note: nothing was said yet).
    pub(crate) fn connect_all(&mut self, n: usize) -> Result<(), Check> {
        (0..n).try_for_each(|i| self.connect(i).map_or(Ok(()), Err))
    }

    /// Plays `script`, stopping at the first FAILED check (marked with
    /// [`STOPPED`]); returns the checks made.
    pub(crate) fn play(&mut self, script: &[Step]) -> Vec<Check> {
        let mut checks = Vec::new();
        for step in script {
            let Some(mut check) = self.step(*step) else {
                continue;
            };
            let failed = check.grade == Grade::Failed;
            if failed {
                check.detail.push_str(&format!("\n{STOPPED}"));
            }
            checks.push(check);
            if failed {
                break;
            }
        }
        checks
    }

    /// One step: its check, or `None` for a step that has nothing to grade.
    fn step(&mut self, step: Step) -> Option<Check> {
        let until = self.until;
        let i = match step {
            Step::Connect(i)
            | Step::Send(i, _)
            | Step::Expect(i, _)
            | Step::Echo(i, _)
            | Step::Line(i, _)
            | Step::Closed(i)
            | Step::Hang(i) => i,
        };
        match (step, self.clients.get_mut(i).and_then(Option::as_mut)) {
            (Step::Connect(_), _) => self.connect(i),
            (Step::Send(_, pieces), Some(c)) => send(c, pieces),
            (Step::Expect(_, want), Some(c)) => Some(expect(c, want, until)),
            (Step::Echo(_, line), Some(c)) => Some(check_echo(c, line.as_bytes(), until)),
            (Step::Line(_, pattern), Some(c)) => Some(expect_line(c, pattern, until)),
            (Step::Closed(_), Some(c)) => Some(closed(c, until)),
            (Step::Hang(_), Some(c)) => {
                c.close();
                None
            }
            (_, None) => Some(Check::must(
                "script",
                false,
                format!("client-{} is not connected", i + 1),
            )),
        }
    }

    /// Client `i`, when it is connected (for a case's own steps between
    /// scripts).
    pub(crate) fn client(&mut self, i: usize) -> Option<&mut LineClient> {
        self.clients.get_mut(i).and_then(Option::as_mut)
    }

    /// Half-closes every connected client in turn and expects the server to
    /// close each ([`check_close`]); every client is graded.
    pub(crate) fn close_all(&mut self) -> Vec<Check> {
        let until = self.until;
        let clients = self.clients.iter_mut().flatten();
        clients.map(|c| check_close(c, until)).collect()
    }
}

/// Connects `client-1` and grades each of `steps` with `run` (given the
/// deadline), stopping at the first FAILED check; then half-closes and
/// expects the server's close. The shape of the command-and-reply cases
/// (`smtp-server`, `pop3-server`).
pub(crate) fn one_client<S>(
    addr: SocketAddr,
    recorder: &Recorder,
    until: Instant,
    steps: &[S],
    mut run: impl FnMut(&mut LineClient, &S, Instant) -> Check,
) -> Vec<Check> {
    let limit = read_limit(until.saturating_duration_since(Instant::now()));
    let mut client = match LineClient::connect(addr, recorder, "client-1") {
        Ok(c) => c.with_read_limit(limit),
        Err(e) => return vec![Check::must("accepts a connection", false, e.to_string())],
    };
    let mut checks = Vec::new();
    for step in steps {
        let check = run(&mut client, step, until);
        let failed = check.grade == Grade::Failed;
        checks.push(check);
        if failed {
            return checks;
        }
    }
    checks.push(check_close(&mut client, until));
    checks
}

/// What the harness's one client sent, a `C> ` line per CRLF line: the
/// part of a command-and-reply comparison that is the same for every
/// server (the server's side is reduced to its meaning by each case).
pub(crate) fn sent_lines(transcript: &Transcript) -> String {
    let client = String::from_utf8_lossy(&transcript.bytes(1, Side::Client)).to_string();
    client
        .split_inclusive("\r\n")
        .map(|line| format!("C> {}\n", escape(line.as_bytes())))
        .collect()
}
