//! `tcp-greeting-server`: the program is `server_01` of 002 ("Using Two
//! Servers and a Client"). It listens on 127.0.0.1 at `{port}`
//! (`WORKBOOK_PORT`), accepts ONE client, sends
//! `Greetings from <its ip>:<its port> to <client ip>:<client port>`, reads
//! the client's greeting line, prints `Received from client: [<line>]`,
//! closes, and exits 0.
//!
//! Because the server takes one client only, the harness cannot probe the
//! port first: its first successful connection is the conversation
//! (`Server::connect_when_ready` retries while the connection is refused).

use std::net::SocketAddr;
use std::time::Instant;

use super::common::case_info;
use super::common::greeting::{greeting_outcome, parse_greeting};
use super::common::line_checks::{check_close, send};
use super::common::reproduce::server_lines;
use super::common::script::STOPPED;
use super::common::server::Server;
use crate::client::LineClient;
use crate::{Case, CaseInfo, Check, Evidence, ProgramRun, Role, Session};
use harness::failure::{Proto, escape};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct TcpGreetingServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 11250;

/// MUST greet naming its own end and ours; SHOULD end with CRLF.
fn check_greeting(client: &mut LineClient, server: SocketAddr, until: Instant) -> Vec<Check> {
    let name = "greets with \"Greetings from <its ip:port> to <client ip:port>\"";
    let line = match client.read_line(until) {
        Ok(line) => line,
        Err(end) => {
            client.close();
            let detail = format!("{}\n{}", end.describe(), STOPPED);
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
    let ours = harness::greeting::greeting(me, server);
    if let Some(check) = send(client, &[ours.as_str()]) {
        checks.push(check);
    }
    checks.push(check_close(client, until));
    (checks, ours)
}

impl Case for TcpGreetingServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "tcp-greeting-server",
            "your program (server_01) listens on {port}, greets one client naming both ends, prints its greeting, exits",
            Role::Server,
            &["1 client greeting back"],
            20,
            "cargo run -q -p chapter-02 --bin server_01 -- 127.0.0.1 {port}",
        )
        .seed("002 server_01 (two servers and a client)")
        .must("accepts a connection on {port}", "002 server_01")
        .must("sends `Greetings from <its ip>:<its port> to <client ip>:<client port>`, the socket's real ends", "002 server_01")
        .should("ends the line with CRLF", "RFC 854 NVT lines")
        .must("prints `Received from client: [<line>]`", "002 server_01")
        .must("exits with status 0 after its one client", "002 server_01")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let program = &session.program;
        let mut server = Server::start(program, "tcp-greeting-server", &[], session.time_limit)?;
        let mut checks = Vec::new();
        let mut ours = None;
        match server.connect_when_ready("client-1") {
            Ok(mut client) => {
                checks.push(Check::ok("accepts a connection on {port}"));
                let (more, line) = converse(&mut client, server.addr, server.until);
                checks.extend(more);
                ours = Some(line);
            }
            Err(why) => checks.push(Check::must("accepts a connection on {port}", false, why)),
        }
        let exited = server.running.wait_exit_until(server.until);
        let (run, transcript) = server.finish();
        if let Some(ours) = ours.filter(|o| !o.is_empty()) {
            checks.push(check_printed(&run, &ours));
        }
        checks.push(check_exit(&run, exited));
        let what = "read the greeting, type one back";
        Ok(Evidence {
            checks,
            outcome: greeting_outcome(&run),
            transcript: Some(transcript),
            run: Some(run),
            reproduce: server_lines(session, SHOWN_PORT, "", Proto::Line, what),
            seed: None,
        })
    }
}

/// MUST exit 0 once its one client is done.
fn check_exit(run: &ProgramRun, exited: bool) -> Check {
    let detail = if exited {
        run.describe_exit()
    } else {
        "it was still running after its one client".into()
    };
    Check::must(
        "exits with status 0 after its client",
        exited && run.success(),
        detail,
    )
}
