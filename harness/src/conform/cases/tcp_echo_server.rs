//! `tcp-echo-server`: the program is the echo server of LuaSocket's
//! introduction (001). It listens on 127.0.0.1 at `{port}`
//! (`WORKBOOK_PORT`) and, for each client in turn, reads ONE line, sends it
//! back with the line ending replaced by a single LF (the line pattern drops
//! CR and LF; the server appends `\n`), and closes the connection. It keeps
//! running for the next client.
//!
//! The harness connects three clients one after another: a CRLF line sent
//! in two writes, a bare-LF line, and a line sent one byte per write. The
//! steps and checks are `echo-server`'s ([`check_echo`], [`check_close`]).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::echo_server::{STOPPED, check_close, check_echo, send};
use super::tcp_greeting_server::connect_when_ready;
use crate::conform::process::{free_port, shell_line, substitute};
use crate::conform::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, Role, Running, Session};
use crate::failure::{Proto, reproduce};
use crate::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct TcpEchoServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 7007;

/// Each client's line, as written pieces, and the echo expected.
const CLIENTS: &[(&[&str], &str)] = &[
    (&["hello, ", "tcp\r\n"], "hello, tcp\n"),
    (&["bare line feed\n"], "bare line feed\n"),
    (
        &["o", "n", "e", " ", "b", "y", "t", "e", "\r", "\n"],
        "one byte\n",
    ),
];

/// One client: connect, send, expect the echo, expect the close. Stops at
/// the first FAILED check.
fn one_client(
    running: &mut Running,
    addr: SocketAddr,
    recorder: &Recorder,
    n: usize,
    until: Instant,
) -> Vec<Check> {
    let name = format!("client-{}", n + 1);
    let mut client = match connect_when_ready(running, addr, recorder, &name, until) {
        Ok(client) => client,
        Err(why) => return vec![Check::must(format!("accepts {name}"), false, why)],
    };
    let (pieces, echo) = CLIENTS[n];
    let mut checks = vec![Check::ok(format!("accepts {name}"))];
    if let Some(check) = send(&mut client, pieces) {
        checks.push(check);
        return checks;
    }
    let check = check_echo(&mut client, echo.as_bytes(), until);
    let failed = check.grade == Grade::Failed;
    checks.push(check);
    if !failed {
        checks.push(check_close(&mut client, until));
    }
    checks
}

impl Case for TcpEchoServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "tcp-echo-server".into(),
            summary: "your program (echo_server) listens on {port}; for each client it echoes one line with LF and closes".into(),
            role: Role::Server,
            peers: vec!["3 clients, one after another".into()],
            time_limit: Duration::from_secs(20),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "chapter-02", "--bin", "echo_server", "--", "--port", "{port}"]
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
        let recorder = Recorder::new(vec![("case".into(), "tcp-echo-server".into())]);
        let mut checks = Vec::new();
        for n in 0..CLIENTS.len() {
            let more = one_client(&mut running, addr, &recorder, n, until);
            let failed = more.iter().any(|c| c.grade == Grade::Failed);
            checks.extend(more);
            if failed {
                if let Some(last) = checks.last_mut() {
                    last.detail.push_str(&format!("\n{STOPPED}"));
                }
                break;
            }
        }
        if checks.iter().all(|c| c.grade != Grade::Failed) {
            let exited = running.has_exited();
            checks.push(Check::must(
                "keeps running for the next client",
                !exited,
                "it exited",
            ));
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

/// The reproduce lines, with a fixed example port.
fn reproduce_lines(session: &Session) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let argv = substitute(&session.program.argv, &[Endpoint::new("WORKBOOK", addr)]);
    vec![
        format!("{}    # start your server", shell_line(&argv)),
        format!(
            "{}    # type a line: it comes back once",
            reproduce(addr, Proto::Line)
        ),
    ]
}
