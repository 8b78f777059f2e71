//! `echo-server`: the program is an echo server. It listens on `{port}`
//! (`WORKBOOK_PORT`) on 127.0.0.1 and, for each connection, sends every line
//! it receives back unchanged until the client closes; several clients at once.
//!
//! The harness connects three clients, interleaves their lines (one line is
//! split across two writes, and the echoes are read in a different order than
//! the lines were sent, which a one-client-at-a-time server cannot serve),
//! checks every echo byte for byte (CRLF kept), then half-closes each
//! connection and expects the server to close its side.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::conform::client::{LineClient, ReadEnd};
use crate::conform::process::{free_port, shell_line, substitute};
use crate::conform::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, Role, Running, Session};
use crate::failure::{Proto, bytes_mismatch, escape, io_summary, reproduce};
use crate::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct EchoServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 7007;

/// One step of the conversation, on client number `.0`.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Write these pieces back to back (one line split across writes).
    Send(usize, &'static [&'static str]),
    /// Read one line and expect exactly these bytes.
    Expect(usize, &'static str),
}

/// The script: three clients, interleaved, echoes read out of send order.
const SCRIPT: &[Step] = &[
    Step::Send(0, &["one: first line\r\n"]),
    Step::Send(1, &["two: hello\r\n"]),
    Step::Send(2, &["three: split ", "across writes\r\n"]),
    Step::Expect(1, "two: hello\r\n"),
    Step::Expect(0, "one: first line\r\n"),
    Step::Expect(2, "three: split across writes\r\n"),
    Step::Send(0, &["one: second line\r\n"]),
    Step::Expect(0, "one: second line\r\n"),
    Step::Send(1, &["two: bye\r\n"]),
    Step::Expect(1, "two: bye\r\n"),
];

/// Compares one echo with the line sent.
pub(crate) fn check_echo(client: &mut LineClient, line: &[u8], until: Instant) -> Check {
    let name = format!("echoes \"{}\" on {}", escape(line), client.name);
    match client.read_line(until) {
        Ok(echo) if echo == line => Check::ok(name),
        Ok(echo) => {
            let mut detail = bytes_mismatch(line, &echo);
            if echo.ends_with(b"\n") && !echo.ends_with(b"\r\n") && line.ends_with(b"\r\n") {
                detail.push_str(&format!("\nhint: {BARE_LF_HINT}"));
            }
            Check::must(name, false, detail)
        }
        Err(end) => {
            client.close();
            let detail = format!("{}\n{}", end.describe(), bytes_mismatch(line, &end.partial));
            Check::must(name, false, detail)
        }
    }
}

/// Why a bare LF reply to a CRLF line fails.
const BARE_LF_HINT: &str = "the reply ends in a bare LF where the line ended in CRLF; \
                            send back the bytes received, line ending included";

/// Writes the pieces of one line; a failure is a FAILED check.
pub(crate) fn send(client: &mut LineClient, pieces: &[&str]) -> Option<Check> {
    let pieces: Vec<&[u8]> = pieces.iter().map(|p| p.as_bytes()).collect();
    let e = client.send(&pieces).err()?;
    Some(Check::must(
        format!("takes the bytes {} sends", client.name),
        false,
        io_summary(&e),
    ))
}

/// Half-closes and expects the server to close its side (EOF, no more data).
pub(crate) fn check_close(client: &mut LineClient, until: Instant) -> Check {
    let name = format!("closes {} after the client half-closes", client.name);
    if let Err(e) = client.half_close() {
        return Check::must(name, false, io_summary(&e));
    }
    let result = client.read_line(until);
    client.close();
    let detail = match result {
        Err(ReadEnd {
            partial,
            error: None,
        }) if partial.is_empty() => return Check::ok(name),
        Ok(more)
        | Err(ReadEnd {
            partial: more,
            error: None,
        }) => {
            format!(
                "it sent \"{}\" after the last line instead of closing",
                escape(&more)
            )
        }
        Err(ReadEnd { error: Some(e), .. }) => format!(
            "{}\nhint: when a read returns 0 bytes (end of file) the client is done: close the connection",
            io_summary(&e)
        ),
    };
    Check::must(name, false, detail)
}

/// Connects the three clients; a failed connection is a FAILED check.
fn connect(addr: SocketAddr, recorder: &Recorder) -> Result<Vec<LineClient>, Check> {
    (1..=3)
        .map(|n| {
            let name = format!("client-{n}");
            LineClient::connect(addr, recorder, &name)
                .map_err(|e| Check::must(format!("accepts {name}"), false, io_summary(&e)))
        })
        .collect()
}

/// What the harness says when it stops at the first failure.
pub(crate) const STOPPED: &str =
    "the harness stopped the conversation here (later steps would only repeat this failure)";

/// Runs the script and the closing handshake against the server at `addr`,
/// stopping at the first FAILED step so the report shows the cause, not its
/// echoes (as h2spec does).
fn converse(addr: SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let mut clients = match connect(addr, recorder) {
        Ok(clients) => clients,
        Err(check) => return vec![check],
    };
    let mut checks = Vec::new();
    for step in SCRIPT {
        let check = match *step {
            Step::Send(i, pieces) => send(&mut clients[i], pieces),
            Step::Expect(i, line) => Some(check_echo(&mut clients[i], line.as_bytes(), until)),
        };
        if let Some(mut check) = check {
            let failed = check.grade == Grade::Failed;
            if failed {
                check.detail.push_str(&format!("\n{STOPPED}"));
            }
            checks.push(check);
            if failed {
                return checks;
            }
        }
    }
    checks.extend(clients.iter_mut().map(|c| check_close(c, until)));
    checks
}

/// The reproduce lines, with a fixed example port.
fn reproduce_lines(session: &Session) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let argv = substitute(&session.program.argv, &[Endpoint::new("WORKBOOK", addr)]);
    vec![
        format!(
            "WORKBOOK_HOST=127.0.0.1 WORKBOOK_PORT={SHOWN_PORT} {}    # start your server",
            shell_line(&argv)
        ),
        format!(
            "{}    # type a line: it should come back",
            reproduce(addr, Proto::Line)
        ),
    ]
}

impl Case for EchoServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "echo-server".into(),
            summary: "your program listens on {port} and echoes every line back, to several clients at once".into(),
            role: Role::Server,
            peers: vec!["3 clients sending lines".into()],
            time_limit: Duration::from_secs(20),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "harness", "--example", "echo_server", "--", "{port}"]
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
        let recorder = Recorder::new(vec![("case".into(), "echo-server".into())]);
        let mut checks = Vec::new();
        match running.wait_accepting(addr, until) {
            Ok(()) => {
                checks.push(Check::ok("accepts connections on {port}"));
                checks.extend(converse(addr, &recorder, until));
                // After a failure the exit status is in the report anyway.
                if checks.iter().all(|c| c.grade != Grade::Failed) {
                    let exited = running.has_exited();
                    checks.push(Check::must(
                        "keeps running while clients come and go",
                        !exited,
                        "it exited during the conversation",
                    ));
                }
            }
            Err(why) => checks.push(Check::must("accepts connections on {port}", false, why)),
        }
        let run = running.finish();
        Ok(Evidence {
            checks,
            transcript: Some(recorder.snapshot()),
            run: Some(run),
            reproduce: reproduce_lines(session),
            ..Evidence::default()
        })
    }
}
