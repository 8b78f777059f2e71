//! `tcp-greeting-server`: the program is `server_01` of 002 ("Using Two
//! Servers and a Client"). It listens on 127.0.0.1 at `{port}`
//! (`WORKBOOK_PORT`), accepts ONE client, sends
//! `Greetings from <its ip>:<its port> to <client ip>:<client port>`, reads
//! the client's greeting line, prints `Received from client: [<line>]`,
//! closes, and exits 0.
//!
//! Because the server takes one client only, the harness cannot probe the
//! port first: its first successful connection is the conversation
//! ([`connect_when_ready`] retries while the connection is refused).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::echo_server::check_close;
use super::tcp_greeting_client::{greeting_outcome, parse_greeting};
use crate::conform::client::LineClient;
use crate::conform::process::{free_port, shell_line, substitute};
use crate::conform::{
    Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session,
};
use crate::failure::{Proto, escape, io_summary, reproduce};
use crate::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct TcpGreetingServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 11250;
/// Longest pause between two connection attempts while the server starts.
const MAX_BACKOFF: Duration = Duration::from_millis(100);

/// Connects `name` to `addr` as soon as the program listens there: retries
/// while the connection is refused, until the program exits or `until`.
pub(crate) fn connect_when_ready(
    running: &mut Running,
    addr: SocketAddr,
    recorder: &Recorder,
    name: &str,
    until: Instant,
) -> Result<LineClient, String> {
    let mut pause = Duration::from_millis(5);
    loop {
        match LineClient::connect(addr, recorder, name) {
            Ok(client) => return Ok(client),
            Err(e) if e.kind() != std::io::ErrorKind::ConnectionRefused => {
                return Err(io_summary(&e));
            }
            Err(_) => {}
        }
        if running.wait_exit_until(Instant::now() + pause) {
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

/// MUST greet naming its own end and ours; SHOULD end with CRLF.
fn check_greeting(client: &mut LineClient, server: SocketAddr, until: Instant) -> Vec<Check> {
    let name = "greets with \"Greetings from <its ip:port> to <client ip:port>\"";
    let line = match client.read_line(until) {
        Ok(line) => line,
        Err(end) => {
            client.close();
            let detail = format!("{}\n{}", end.describe(), super::echo_server::STOPPED);
            return vec![Check::must(name, false, detail)];
        }
    };
    let ok = parse_greeting(&line)
        .is_some_and(|(from, to)| from == server && to.ip() == server.ip() && to.port() != 0);
    let detail = format!(
        "it sent \"{}\"; expected \"Greetings from {server} to 127.0.0.1:<client port>\\r\\n\" \
         (its own end from getsockname, the client's from getpeername)",
        escape(&line)
    );
    vec![
        Check::must(name, ok, detail),
        Check::should(
            "ends the line with CRLF",
            line.ends_with(b"\r\n"),
            "it ended the line with a bare LF",
        ),
    ]
}

/// MUST print the client's greeting as `Received from client: [...]`.
fn check_printed(run: &ProgramRun, ours: &str) -> Check {
    let want = format!("Received from client: [{}]", ours.trim_end());
    let printed = String::from_utf8_lossy(&run.stdout)
        .lines()
        .any(|l| l.trim_end() == want);
    let detail = format!(
        "expected a line \"{want}\"; stdout was \"{}\"",
        escape(&run.stdout)
    );
    Check::must("prints the client's greeting", printed, detail)
}

/// The conversation: greeting, our greeting back, the close.
fn converse(client: &mut LineClient, server: SocketAddr, until: Instant) -> (Vec<Check>, String) {
    let mut checks = check_greeting(client, server, until);
    if !client.is_open() {
        return (checks, String::new());
    }
    let me = client
        .local_addr()
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0)));
    let ours = crate::greeting::greeting(me, server);
    if let Some(check) = super::echo_server::send(client, &[ours.as_str()]) {
        checks.push(check);
    }
    checks.push(check_close(client, until));
    (checks, ours)
}

impl Case for TcpGreetingServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "tcp-greeting-server".into(),
            summary: "your program (server_01) listens on {port}, greets one client naming both ends, prints its greeting, exits".into(),
            role: Role::Server,
            peers: vec!["1 client greeting back".into()],
            time_limit: Duration::from_secs(20),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "chapter-02", "--bin", "server_01", "--", "127.0.0.1", "{port}"]
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
        let recorder = Recorder::new(vec![("case".into(), "tcp-greeting-server".into())]);
        let mut checks = Vec::new();
        let mut ours = None;
        match connect_when_ready(&mut running, addr, &recorder, "client-1", until) {
            Ok(mut client) => {
                checks.push(Check::ok("accepts a connection on {port}"));
                let (more, line) = converse(&mut client, addr, until);
                checks.extend(more);
                ours = Some(line);
            }
            Err(why) => checks.push(Check::must("accepts a connection on {port}", false, why)),
        }
        let exited = running.wait_exit_until(until);
        let run = running.finish();
        if let Some(ours) = ours.filter(|o| !o.is_empty()) {
            checks.push(check_printed(&run, &ours));
        }
        let detail = if exited {
            run.describe_exit()
        } else {
            "it was still running after its one client".into()
        };
        checks.push(Check::must(
            "exits with status 0 after its client",
            exited && run.success(),
            detail,
        ));
        Ok(Evidence {
            checks,
            outcome: greeting_outcome(&run),
            transcript: Some(recorder.snapshot()),
            run: Some(run),
            reproduce: reproduce_lines(session),
            seed: None,
        })
    }
}

/// The reproduce lines, with a fixed example port.
fn reproduce_lines(session: &Session) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let argv = substitute(&session.program.argv, &[Endpoint::new("WORKBOOK", addr)]);
    vec![
        format!("{}    # start your server", shell_line(&argv)),
        format!(
            "{}    # read the greeting, type one back",
            reproduce(addr, Proto::Line)
        ),
    ]
}
