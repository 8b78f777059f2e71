//! `select-server`: the program is 002's multi-client server (`server_02`).
//! It listens on 127.0.0.1 at `{port}` (`WORKBOOK_PORT`); each client has
//! its own session that answers every line with all the distinct bytes from
//! 33 to 255 that client has sent so far, ascending, plus CRLF. A line
//! `.quit` closes that client's connection (no reply); `.shutdown` makes the
//! server close everything and exit with status 0.
//!
//! The harness plays the seed's walkthrough with three clients, interleaved
//! (a line split across writes, replies read out of send order — a server
//! that serves one client at a time cannot pass), then `.quit` on one and
//! `.shutdown` on another, and expects every connection closed and the
//! program gone.
//!
//! Layout: [`Step`] and [`play`] (a scripted multi-client conversation,
//! shared with `chat-server`), the script, the case.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::echo_server::{STOPPED, send};
use crate::conform::client::{LineClient, ReadEnd};
use crate::conform::process::{free_port, shell_line, substitute};
use crate::conform::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, Role, Running, Session};
use crate::failure::{Proto, bytes_mismatch, escape, io_summary, reproduce};
use crate::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct SelectServer;

/// One step of a scripted conversation with several clients (0-based).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// Connect client `.0` (named `client-N`, 1-based).
    Connect(usize),
    /// Write these pieces back to back.
    Send(usize, &'static [&'static str]),
    /// Read one line and expect exactly these bytes.
    Expect(usize, &'static str),
    /// Expect the server to close this connection (EOF, no more data).
    Closed(usize),
    /// Close this connection from the client side.
    Hang(usize),
}

fn expect(client: &mut LineClient, want: &str, until: Instant) -> Check {
    let name = format!("answers \"{}\" to {}", escape(want.as_bytes()), client.name);
    match client.read_line(until) {
        Ok(got) if got == want.as_bytes() => Check::ok(name),
        Ok(got) => Check::must(name, false, bytes_mismatch(want.as_bytes(), &got)),
        Err(end) => {
            let detail = format!(
                "{}\n{}",
                end.describe(),
                bytes_mismatch(want.as_bytes(), &end.partial)
            );
            Check::must(name, false, detail)
        }
    }
}

fn closed(client: &mut LineClient, until: Instant) -> Check {
    let name = format!("closes {}", client.name);
    let r = client.read_line(until);
    client.close();
    match r {
        Err(ReadEnd {
            partial,
            error: None,
        }) if partial.is_empty() => Check::ok(name),
        Ok(more)
        | Err(ReadEnd {
            partial: more,
            error: None,
        }) => Check::must(
            name,
            false,
            format!("it sent \"{}\" instead of closing", escape(&more)),
        ),
        Err(ReadEnd { error: Some(e), .. }) => Check::must(name, false, io_summary(&e)),
    }
}

/// Plays `script` against `addr`, stopping at the first FAILED check.
pub(crate) fn play(
    script: &[Step],
    addr: SocketAddr,
    recorder: &Recorder,
    until: Instant,
) -> Vec<Check> {
    let mut clients: Vec<Option<LineClient>> = Vec::new();
    let mut checks = Vec::new();
    for step in script {
        let i = match *step {
            Step::Connect(i)
            | Step::Send(i, _)
            | Step::Expect(i, _)
            | Step::Closed(i)
            | Step::Hang(i) => i,
        };
        if clients.len() <= i {
            clients.resize_with(i + 1, || None);
        }
        let check = match (*step, clients[i].as_mut()) {
            (Step::Connect(_), _) => {
                let name = format!("client-{}", i + 1);
                match LineClient::connect(addr, recorder, &name) {
                    Ok(c) => {
                        clients[i] = Some(c);
                        None
                    }
                    Err(e) => Some(Check::must(
                        format!("accepts {name}"),
                        false,
                        io_summary(&e),
                    )),
                }
            }
            (Step::Send(_, pieces), Some(c)) => send(c, pieces),
            (Step::Expect(_, want), Some(c)) => Some(expect(c, want, until)),
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
        };
        if let Some(mut check) = check {
            let failed = check.grade == Grade::Failed;
            if failed {
                check.detail.push_str(&format!("\n{STOPPED}"));
            }
            checks.push(check);
            if failed {
                break;
            }
        }
    }
    checks
}

/// The seed's walkthrough, three clients interleaved.
const SCRIPT: &[Step] = &[
    Step::Connect(0),
    Step::Connect(1),
    Step::Connect(2),
    Step::Send(0, &["ajx\r\n"]),
    Step::Send(1, &["zz ", "top\r\n"]),
    Step::Expect(1, "optz\r\n"),
    Step::Expect(0, "ajx\r\n"),
    Step::Send(0, &["bky\n"]),
    Step::Send(2, &["\u{7e}!\r\n"]),
    Step::Expect(2, "!~\r\n"),
    Step::Expect(0, "abjkxy\r\n"),
    Step::Send(0, &["clz\r\n"]),
    Step::Expect(0, "abcjklxyz\r\n"),
    Step::Send(0, &[".quit\r\n"]),
    Step::Closed(0),
    Step::Send(1, &["a b\r\n"]),
    Step::Expect(1, "aboptz\r\n"),
    Step::Send(2, &[".shutdown\r\n"]),
    Step::Closed(2),
    Step::Closed(1),
];

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 3072;

pub(crate) fn reproduce_lines(session: &Session, what: &str) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let argv = substitute(&session.program.argv, &[Endpoint::new("WORKBOOK", addr)]);
    vec![
        format!(
            "WORKBOOK_HOST=127.0.0.1 WORKBOOK_PORT={SHOWN_PORT} {}    # start your server",
            shell_line(&argv)
        ),
        format!("{}    # {what}", reproduce(addr, Proto::Line)),
    ]
}

impl Case for SelectServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "select-server".into(),
            summary: "your program listens on {port}; each client gets the distinct bytes it sent so far, sorted; .quit and .shutdown".into(),
            role: Role::Server,
            peers: vec!["3 interleaved line clients".into()],
            time_limit: Duration::from_secs(30),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "chapter-04", "--bin", "server_02", "--", "127.0.0.1", "{port}", "--quiet"]
                    .map(String::from)
                    .to_vec(),
            ),
        }
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let endpoints = [Endpoint::new("WORKBOOK", addr)];
        let mut running = Running::spawn(&session.program, &endpoints, None, session.time_limit)?;
        let until = running.deadline();
        let recorder = Recorder::new(vec![("case".into(), "select-server".into())]);
        let mut checks = Vec::new();
        match running.wait_accepting(addr, until) {
            Ok(()) => {
                checks.push(Check::ok("accepts connections on {port}"));
                checks.extend(play(SCRIPT, addr, &recorder, until));
                if checks.iter().all(|c| c.grade != Grade::Failed) {
                    let exited = running.wait_exit_until(Instant::now() + Duration::from_secs(10));
                    checks.push(Check::must(
                        "exits after .shutdown",
                        exited,
                        "it was still running 10 s later",
                    ));
                }
            }
            Err(why) => checks.push(Check::must("accepts connections on {port}", false, why)),
        }
        let run = running.finish();
        if checks.iter().all(|c| c.grade != Grade::Failed) {
            checks.push(Check::must(
                "exits with status 0",
                run.success(),
                run.describe_exit(),
            ));
        }
        Ok(Evidence {
            checks,
            transcript: Some(recorder.snapshot()),
            run: Some(run),
            reproduce: reproduce_lines(session, "type ajx, then bky: the answers grow"),
            ..Evidence::default()
        })
    }
}
