//! `echo-client`: the program is a client of the harness's echo peer. It
//! connects to `WORKBOOK_HOST`:`WORKBOOK_PORT` (also `{host}`/`{port}`,
//! `ECHO_HOST`/`ECHO_PORT`), sends the one line `hello, workbook`, reads the
//! echo, prints it on stdout, closes the connection and exits with status 0.
//!
//! Network text lines end in CRLF (the Telnet NVT convention of RFC 854 that
//! SMTP, POP3 and HTTP inherit), so a bare LF is graded NON-STRICT: the echo
//! peer copes, a stricter server might not.

use std::net::SocketAddr;

use super::common::client::{
    SETTLE, all_ended, client_closed, first_conn, printed_evidence, printed_line,
};
use super::common::reproduce::{env_prefix, peer_lines};
use super::common::{case_info, exit_check};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session};
use harness::failure::bytes_mismatch;
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct EchoClient;

/// The line the program must send.
const LINE: &str = "hello, workbook";
/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 7007;

/// MUST send exactly the line; SHOULD end it with CRLF.
fn check_line(sent: &[u8]) -> Vec<Check> {
    let crlf = format!("{LINE}\r\n");
    let lf = format!("{LINE}\n");
    if sent == crlf.as_bytes() {
        return vec![
            Check::ok(format!("sends exactly the line {LINE:?}")),
            Check::ok("ends the line with CRLF"),
        ];
    }
    if sent == lf.as_bytes() {
        let why = "it ended the line with a bare LF (\\n); network text lines end in CRLF (\\r\\n), \
                   as in Telnet, SMTP, POP3 and HTTP. The echo peer accepts it; stricter servers do not";
        return vec![
            Check::ok(format!("sends exactly the line {LINE:?}")),
            Check::should("ends the line with CRLF", false, why),
        ];
    }
    let mut detail = bytes_mismatch(crlf.as_bytes(), sent);
    if sent.is_empty() {
        detail = format!("it sent nothing before closing\n{detail}");
    }
    vec![Check::must(
        format!("sends exactly the line {LINE:?}"),
        false,
        detail,
    )]
}

/// MUST print the echoed text on stdout (a line of it, any line ending).
fn check_stdout(run: &ProgramRun) -> Check {
    let (printed, mismatch) = printed_line(run, LINE);
    let detail = format!("expected a line {LINE:?} on stdout\n{mismatch}");
    Check::must("prints the echoed line on stdout", printed, detail)
}

/// Every check of one run.
fn grade(t: &Transcript, run: &ProgramRun, addr: SocketAddr) -> Vec<Check> {
    let Some(conn) = first_conn(t) else {
        let detail = format!(
            "no connection reached WORKBOOK_HOST:WORKBOOK_PORT ({addr}) before it ended ({})",
            run.describe_exit()
        );
        return vec![
            Check::must("connects to the echo peer", false, detail),
            exit_check(run),
        ];
    };
    let mut checks = vec![Check::ok("connects to the echo peer")];
    checks.extend(check_line(&t.bytes(conn, Side::Client)));
    checks.push(check_stdout(run));
    let closed = !run.timed_out && client_closed(t, conn);
    let why = if run.timed_out {
        "it was still running when the harness killed it at the time limit".to_string()
    } else {
        "the echo peer never saw the connection end".to_string()
    };
    checks.push(Check::must("closes the connection", closed, why));
    checks.push(exit_check(run));
    checks
}

impl Case for EchoClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "echo-client",
            &format!(
                "your program connects to {{host}}:{{port}}, sends {LINE:?}, prints the echo, closes"
            ),
            Role::Client,
            &["the echo peer"],
            20,
            "cargo run -q -p conform --example echo_client",
        )
        .var("ECHO_HOST", "the echo peer's address", "127.0.0.1")
        .var("ECHO_PORT", "the echo peer's port", "40123")
        .must("connects to the echo peer", "the case")
        .must("sends exactly the line `hello, workbook`", "the case")
        .should("ends the line with CRLF", "RFC 854 NVT lines")
        .must("prints the echoed line on stdout", "the case")
        .must("closes the connection and exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = harness::echo::start_with(harness::echo::EchoOptions::default())?;
        let addr = peer.addr();
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("ECHO", addr)];
        let run = Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait();
        // The program has exited, so its sockets are closed. A connection it
        // made just before exiting may still wait in the listen backlog:
        // accept it, then let the peer read every end before stopping it, so
        // the transcript is complete.
        peer.drain(SETTLE);
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        let env = env_prefix("WORKBOOK", SHOWN_PORT);
        let reproduce = peer_lines(session, "echo", SHOWN_PORT, &["ECHO"], &env);
        let checks = grade(&transcript, &run, addr);
        Ok(printed_evidence(checks, transcript, run, reproduce))
    }
}
