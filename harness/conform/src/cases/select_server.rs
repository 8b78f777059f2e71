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
//! The script is played by `script::Player`, shared with `chat-server`.

use std::time::{Duration, Instant};

use super::common::reproduce::workbook_server_lines;
use super::common::script::{Player, Step};
use super::common::server::Server;
use super::common::{case_info, exit_check, passed};
use crate::{Case, CaseInfo, Check, Evidence, Role, Session};
use harness::failure::Proto;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct SelectServer;

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
/// What the reproduce lines say to do with the server.
const WHAT: &str = "type ajx, then bky: the answers grow";

impl Case for SelectServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "select-server",
            "your program listens on {port}; each client gets the distinct bytes it sent so far, sorted; .quit and .shutdown",
            Role::Server,
            &["3 interleaved line clients"],
            30,
            "cargo run -q -p chapter-04 --bin server_02 -- 127.0.0.1 {port} --quiet",
        )
        .seed("002 server_02 (select and coroutines)")
        .must("serves three clients at once, interleaved", "002 server_02")
        .must("answers each line with the distinct bytes 33-255 that client sent so far, ascending, plus CRLF", "002 server_02")
        .must("closes that client's connection on `.quit`", "002 server_02")
        .must("closes everything and exits with status 0 after `.shutdown`", "002 server_02")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let mut server = Server::start(&session.program, "select-server", &[], session.time_limit)?;
        let mut checks = server
            .converse(|addr, recorder, until| Player::new(addr, recorder, until).play(SCRIPT));
        if passed(&checks) {
            let exited = server
                .running
                .wait_exit_until(Instant::now() + Duration::from_secs(10));
            checks.push(Check::must(
                "exits after .shutdown",
                exited,
                "it was still running 10 s later",
            ));
        }
        let (run, transcript) = server.finish();
        if passed(&checks) {
            checks.push(exit_check(&run));
        }
        Ok(Evidence {
            checks,
            transcript: Some(transcript),
            run: Some(run),
            reproduce: workbook_server_lines(session, SHOWN_PORT, Proto::Line, WHAT),
            ..Evidence::default()
        })
    }
}
