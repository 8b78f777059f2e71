//! `tcp-echo-server`: the program is the echo server of LuaSocket's
//! introduction (001). It listens on 127.0.0.1 at `{port}`
//! (`WORKBOOK_PORT`) and, for each client in turn, reads ONE line, sends it
//! back with the line ending replaced by a single LF (the line pattern drops
//! CR and LF; the server appends `\n`), and closes the connection. It keeps
//! running for the next client.
//!
//! The harness connects three clients one after another: a CRLF line sent
//! in two writes, a bare-LF line, and a line sent one byte per write. The
//! steps and checks are `echo-server`'s (`check_echo` and `check_close` in
//! `line_checks.rs`).

use super::common::case_info;
use super::common::line_checks::{check_close, check_echo, send};
use super::common::reproduce::server_lines;
use super::common::script::STOPPED;
use super::common::server::Server;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session};
use harness::failure::Proto;

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
fn one_client(server: &mut Server, n: usize) -> Vec<Check> {
    let name = format!("client-{}", n + 1);
    let until = server.until;
    let mut client = match server.connect_when_ready(&name) {
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
        case_info(
            "tcp-echo-server",
            "your program (echo_server) listens on {port}; for each client it echoes one line with LF and closes",
            Role::Server,
            &["3 clients, one after another"],
            20,
            "cargo run -q -p chapter-02 --bin echo_server -- --port {port}",
        )
        .seed("001 echo server (one line per client)")
        .must("accepts each client in turn", "001 echo server")
        .must("sends the client's one line back ending in a single LF (CR LF dropped, LF added)", "001's line receive pattern")
        .must("closes the connection after the echo and keeps running for the next client", "001 echo server")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let program = &session.program;
        let mut server = Server::start(program, "tcp-echo-server", &[], session.time_limit)?;
        let mut checks = Vec::new();
        for n in 0..CLIENTS.len() {
            let more = one_client(&mut server, n);
            let failed = more.iter().any(|c| c.grade == Grade::Failed);
            checks.extend(more);
            if failed {
                if let Some(last) = checks.last_mut() {
                    last.detail.push_str(&format!("\n{STOPPED}"));
                }
                break;
            }
        }
        server.keeps_running(
            &mut checks,
            "keeps running for the next client",
            "it exited",
        );
        let what = "type a line: it comes back once";
        let reproduce = server_lines(session, SHOWN_PORT, "", Proto::Line, what);
        Ok(server.evidence(checks, reproduce))
    }
}
