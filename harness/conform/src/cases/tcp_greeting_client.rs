//! `tcp-greeting-client`: the program is `client_01` of 002 ("Using Two
//! Servers and a Client"). It connects to `{host}:{port}` (`WORKBOOK_HOST`,
//! `WORKBOOK_PORT`, also `GREETING_HOST`/`GREETING_PORT`), reads the
//! server's greeting line, answers with its own
//! `Greetings from <its ip>:<its port> to <server ip>:<server port>` line,
//! prints `Got [<the server's greeting>] from server`, closes, and exits 0.
//!
//! Both addresses must be the socket's real ends (`getsockname` and
//! `getpeername`), so the server end is checked exactly and the client end
//! must be a loopback address with a real port. CRLF is a SHOULD, as in
//! `echo-client`.

use std::net::{IpAddr, SocketAddr};

use super::common::client::{SETTLE, all_ended, client_closed, first_conn};
use super::common::greeting::{greeting_outcome, parse_greeting};
use super::common::reproduce::peer_lines;
use super::common::{case_info, exit_check};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session};
use harness::failure::escape;
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct TcpGreetingClient;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 11250;

/// MUST send a greeting naming its own end and the server's end.
fn check_reply(sent: &[u8], server: SocketAddr) -> Vec<Check> {
    let name = "greets back with \"Greetings from <its ip:port> to <server ip:port>\"";
    let Some((from, to)) = parse_greeting(sent) else {
        let detail = format!(
            "it sent \"{}\"; expected \"Greetings from 127.0.0.1:<its port> to {server}\\r\\n\"",
            escape(sent)
        );
        return vec![Check::must(name, false, detail)];
    };
    let real_from = from.ip() == IpAddr::from([127, 0, 0, 1]) && from.port() != 0;
    let detail = format!(
        "it named {from} as its end and {to} as the server's; the server is {server} and the \
         client end must be its socket's real address (getsockname)"
    );
    let crlf = sent.ends_with(b"\r\n");
    vec![
        Check::must(name, real_from && to == server, detail),
        Check::should(
            "ends the line with CRLF",
            crlf,
            "it ended the line with a bare LF",
        ),
    ]
}

/// MUST print the server's greeting inside `Got [...] from server`.
fn check_stdout(run: &ProgramRun, server: SocketAddr) -> Check {
    let want = format!("Greetings from {server} to ");
    let printed = String::from_utf8_lossy(&run.stdout)
        .lines()
        .any(|l| l.starts_with(&format!("Got [{want}")) && l.ends_with("] from server"));
    let detail = format!(
        "expected a line \"Got [{want}<its ip:port>] from server\"; stdout was \"{}\"",
        escape(&run.stdout)
    );
    Check::must("prints the server's greeting", printed, detail)
}

/// Every check of one run.
fn grade(t: &Transcript, run: &ProgramRun, server: SocketAddr) -> Vec<Check> {
    let Some(conn) = first_conn(t) else {
        let detail = format!("no connection reached {server} ({})", run.describe_exit());
        return vec![
            Check::must("connects to the greeting server", false, detail),
            exit_check(run),
        ];
    };
    let mut checks = vec![Check::ok("connects to the greeting server")];
    checks.extend(check_reply(&t.bytes(conn, Side::Client), server));
    checks.push(check_stdout(run, server));
    let closed = !run.timed_out && client_closed(t, conn);
    checks.push(Check::must(
        "closes the connection",
        closed,
        "the greeting server never saw the connection end",
    ));
    checks.push(exit_check(run));
    checks
}

impl Case for TcpGreetingClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "tcp-greeting-client",
            "your program (client_01) connects to {host}:{port}, reads the greeting, greets back naming both ends, prints \"Got [...] from server\"",
            Role::Client,
            &["the greeting peer (a server_01)"],
            20,
            "cargo run -q -p chapter-02 --bin client_01 -- {host} {port}",
        )
        .seed("002 client_01 (two servers and a client)")
        .var("GREETING_HOST", "the greeting server's address", "127.0.0.1")
        .var("GREETING_PORT", "the greeting server's port", "40123")
        .must("connects to the greeting server", "002 client_01")
        .must("answers with `Greetings from <its ip>:<its port> to <server ip>:<server port>`, the socket's real ends", "002 client_01")
        .should("ends the line with CRLF", "RFC 854 NVT lines")
        .must("prints `Got [<the server's greeting>] from server`", "002 client_01")
        .must("closes the connection and exits with status 0", "002 client_01")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = harness::greeting::start_with(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            harness::fault::FaultPlan::none(),
            harness::peer::PeerConfig::default(),
        )?;
        let addr = peer.addr();
        let endpoints = [
            Endpoint::new("WORKBOOK", addr),
            Endpoint::new("GREETING", addr),
        ];
        let run = Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait();
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        Ok(Evidence {
            checks: grade(&transcript, &run, addr),
            outcome: greeting_outcome(&run),
            transcript: Some(transcript),
            run: Some(run),
            reproduce: peer_lines(session, "greeting", SHOWN_PORT, &[], ""),
            seed: None,
        })
    }
}
