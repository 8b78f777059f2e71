//! `echo-server`: the program is an echo server. It listens on `{port}`
//! (`WORKBOOK_PORT`) on 127.0.0.1 and, for each connection, sends every line
//! it receives back unchanged until the client closes; several clients at once.
//!
//! The harness connects three clients, interleaves their lines (one line is
//! split across two writes, and the echoes are read in a different order than
//! the lines were sent, which a one-client-at-a-time server cannot serve),
//! checks every echo byte for byte (CRLF kept), then half-closes each
//! connection and expects the server to close its side.

use super::common::reproduce::workbook_server_lines;
use super::common::script::{Player, Step};
use super::common::server::Server;
use super::common::{case_info, passed};
use crate::{Case, CaseInfo, Evidence, Role, Session};
use harness::failure::Proto;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct EchoServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 7007;
/// What the reproduce lines say to do with the server.
const WHAT: &str = "type a line: it should come back";

/// The script: three clients, interleaved, echoes read out of send order.
const SCRIPT: &[Step] = &[
    Step::Send(0, &["one: first line\r\n"]),
    Step::Send(1, &["two: hello\r\n"]),
    Step::Send(2, &["three: split ", "across writes\r\n"]),
    Step::Echo(1, "two: hello\r\n"),
    Step::Echo(0, "one: first line\r\n"),
    Step::Echo(2, "three: split across writes\r\n"),
    Step::Send(0, &["one: second line\r\n"]),
    Step::Echo(0, "one: second line\r\n"),
    Step::Send(1, &["two: bye\r\n"]),
    Step::Echo(1, "two: bye\r\n"),
];

impl Case for EchoServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "echo-server",
            "your program listens on {port} and echoes every line back, to several clients at once",
            Role::Server,
            &["3 clients sending lines"],
            20,
            "cargo run -q -p conform --example echo_server -- {port}",
        )
        .must(
            "accepts several clients at once",
            "RFC 862 echo, many clients",
        )
        .must(
            "sends every line back unchanged, CRLF kept, to the client that sent it",
            "RFC 862 §1",
        )
        .must(
            "closes its side after the client half-closes",
            "RFC 9293 §3.6",
        )
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let mut server = Server::start(&session.program, "echo-server", &[], session.time_limit)?;
        let mut checks = server.converse(|addr, recorder, until| {
            // All three connect before anyone speaks, so the interleaved
            // script catches a server that serves one client at a time;
            // then each half-closes, unless a step FAILED.
            let mut player = Player::new(addr, recorder, until);
            if let Err(check) = player.connect_all(3) {
                return vec![check];
            }
            let mut checks = player.play(SCRIPT);
            if passed(&checks) {
                checks.extend(player.close_all());
            }
            checks
        });
        server.keeps_running(
            &mut checks,
            "keeps running while clients come and go",
            "it exited during the conversation",
        );
        Ok(server.evidence(
            checks,
            workbook_server_lines(session, SHOWN_PORT, Proto::Line, WHAT),
        ))
    }
}
