//! A server case's program started on a free loopback port ([`Server`]),
//! the wait until it is ready ([`after_ready`], or
//! [`Server::connect_when_ready`] for a one-client server), the "keeps
//! running" check, and the evidence.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{endpoints, passed};
use crate::client::{LineClient, read_limit};
use crate::{Check, Evidence, Program, ProgramRun, Running};
use harness::failure::io_summary;
use harness::proc::free_port;
use harness::transcript::{Recorder, Transcript};

/// Longest pause between two connection attempts while the server starts.
const MAX_BACKOFF: Duration = Duration::from_millis(100);

/// The readiness check of a TCP server case.
const ACCEPTS: &str = "accepts connections on {port}";

/// The program under test, started as a server, and the harness's side.
pub(crate) struct Server {
    /// The program.
    pub(crate) running: Running,
    /// Where it serves (127.0.0.1 and the port it was given).
    pub(crate) addr: SocketAddr,
    /// The run's deadline: every read is done by then.
    pub(crate) until: Instant,
    /// The harness's clients' conversation.
    pub(crate) recorder: Recorder,
}

impl Server {
    /// Starts `program` on a free TCP port of 127.0.0.1.
    pub(crate) fn start(
        program: &Program,
        case: &str,
        names: &[&str],
        time_limit: Duration,
    ) -> anyhow::Result<Server> {
        Self::start_at(free_port()?, program, case, names, time_limit)
    }

    /// Starts `program` to serve on `port` of 127.0.0.1, which it knows as
    /// `WORKBOOK` and as each of `names` (variables and placeholders);
    /// `case` heads the transcript.
    pub(crate) fn start_at(
        port: u16,
        program: &Program,
        case: &str,
        names: &[&str],
        time_limit: Duration,
    ) -> anyhow::Result<Server> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let endpoints = endpoints(addr, names);
        let running = Running::spawn(program, &endpoints, None, time_limit)?;
        let until = running.deadline();
        let recorder = Recorder::new(vec![("case".into(), case.into())]);
        Ok(Server {
            running,
            addr,
            until,
            recorder,
        })
    }

    /// Waits until the program accepts connections ([`ACCEPTS`]), then
    /// lets `converse` talk to it and returns all the checks.
    pub(crate) fn converse(
        &mut self,
        converse: impl FnOnce(SocketAddr, &Recorder, Instant) -> Vec<Check>,
    ) -> Vec<Check> {
        let ready = self.running.wait_accepting(self.addr, self.until);
        after_ready(ready, ACCEPTS, || {
            converse(self.addr, &self.recorder, self.until)
        })
    }

    /// Connects `name` as soon as the program listens: retries while the
    /// connection is refused, until the program exits or the deadline. For
    /// a server that serves one client and then closes (or exits): a probe
    /// connection would use up that client's turn.
    pub(crate) fn connect_when_ready(&mut self, name: &str) -> Result<LineClient, String> {
        let (addr, until) = (self.addr, self.until);
        let limit = read_limit(until.saturating_duration_since(Instant::now()));
        let mut pause = Duration::from_millis(5);
        loop {
            match LineClient::connect(addr, &self.recorder, name) {
                Ok(client) => return Ok(client.with_read_limit(limit)),
                Err(e) if e.kind() != std::io::ErrorKind::ConnectionRefused => {
                    return Err(io_summary(&e));
                }
                Err(_) => {}
            }
            if self.running.wait_exit_until(Instant::now() + pause) {
                return Err(format!(
                    "the program exited before accepting connections on {addr}"
                ));
            }
            if Instant::now() >= until {
                return Err(format!("nothing accepted connections on {addr} in time"));
            }
            pause = (pause * 2).min(MAX_BACKOFF);
        }
    }

    /// Adds the MUST that the program is still running, unless a check
    /// already FAILED (then its exit status is in the report anyway).
    pub(crate) fn keeps_running(&mut self, checks: &mut Vec<Check>, name: &str, detail: &str) {
        if passed(checks) {
            let exited = self.running.has_exited();
            checks.push(Check::must(name, !exited, detail));
        }
    }

    /// Stops the program: how it ended, and the conversation.
    pub(crate) fn finish(self) -> (ProgramRun, Transcript) {
        let run = self.running.finish();
        (run, self.recorder.snapshot())
    }

    /// Stops the program and gathers the evidence: the checks, the
    /// conversation, the run and the reproduce lines.
    pub(crate) fn evidence(self, checks: Vec<Check>, reproduce: Vec<String>) -> Evidence {
        let (run, transcript) = self.finish();
        Evidence {
            checks,
            transcript: Some(transcript),
            run: Some(run),
            reproduce,
            ..Evidence::default()
        }
    }
}

/// `ready` as the check `what`, and when it is OK, `converse`'s checks
/// after it (nothing to talk to otherwise).
pub(crate) fn after_ready(
    ready: Result<(), String>,
    what: &str,
    converse: impl FnOnce() -> Vec<Check>,
) -> Vec<Check> {
    match ready {
        Ok(()) => {
            let mut checks = vec![Check::ok(what)];
            checks.extend(converse());
            checks
        }
        Err(why) => vec![Check::must(what, false, why)],
    }
}
