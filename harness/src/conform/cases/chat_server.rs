//! `chat-server`: the program is 000's chat server with a login, private
//! messages and `/who` (the protocol of chapter 4's `chat_server`). It
//! listens on 127.0.0.1 at `{port}` and knows the accounts `ann`/`pw1` and
//! `bob`/`pw2`. Every line it sends ends in CRLF:
//!
//! - on connect: `* hello; log in with /login NAME PASSWORD`;
//! - before a login, any other line: `! log in first: /login NAME PASSWORD`;
//! - `/login NAME PASSWORD`: `* welcome, NAME` (and `* NAME joined` to the
//!   others logged in), or `! login refused: wrong name or password, or name in use`;
//! - a line of text: `NAME: TEXT` to everyone logged in, sender included;
//! - `/msg TO TEXT`: `[private] NAME: TEXT` to TO and `[to TO] TEXT` back;
//! - `/who`: `* online: a, b` (login order); `/quit`: closed, `* NAME left` to the others.
//!
//! The harness plays three clients through all of it.

use std::net::SocketAddr;
use std::time::Duration;

use super::select_server::{Step, play, reproduce_lines};
use crate::conform::process::free_port;
use crate::conform::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, Role, Running, Session};
use crate::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct ChatServer;

const HELLO: &str = "* hello; log in with /login NAME PASSWORD\r\n";
const REFUSED: &str = "! login refused: wrong name or password, or name in use\r\n";

const SCRIPT: &[Step] = &[
    Step::Connect(0),
    Step::Expect(0, HELLO),
    Step::Send(0, &["hi\r\n"]),
    Step::Expect(0, "! log in first: /login NAME PASSWORD\r\n"),
    Step::Send(0, &["/login ann wrong\r\n"]),
    Step::Expect(0, REFUSED),
    Step::Send(0, &["/login ann ", "pw1\r\n"]),
    Step::Expect(0, "* welcome, ann\r\n"),
    Step::Connect(1),
    Step::Expect(1, HELLO),
    Step::Send(1, &["/login bob pw2\r\n"]),
    Step::Expect(1, "* welcome, bob\r\n"),
    Step::Expect(0, "* bob joined\r\n"),
    Step::Send(1, &["hello all\r\n"]),
    Step::Expect(0, "bob: hello all\r\n"),
    Step::Expect(1, "bob: hello all\r\n"),
    Step::Send(0, &["/msg bob psst\r\n"]),
    Step::Expect(1, "[private] ann: psst\r\n"),
    Step::Expect(0, "[to bob] psst\r\n"),
    Step::Connect(2),
    Step::Expect(2, HELLO),
    Step::Send(2, &["/login ann pw1\r\n"]),
    Step::Expect(2, REFUSED),
    Step::Hang(2),
    Step::Send(1, &["/quit\r\n"]),
    Step::Closed(1),
    Step::Expect(0, "* bob left\r\n"),
    Step::Send(0, &["/who\r\n"]),
    Step::Expect(0, "* online: ann\r\n"),
    Step::Send(0, &["/quit\r\n"]),
    Step::Closed(0),
];

impl Case for ChatServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "chat-server".into(),
            summary: "your chat server on {port}: /login (ann:pw1, bob:pw2), broadcast, /msg, /who, /quit".into(),
            role: Role::Server,
            peers: vec!["3 chat clients".into()],
            time_limit: Duration::from_secs(30),
            our_program: Some(
                [
                    "cargo", "run", "-q", "-p", "chapter-04", "--bin", "chat_server", "--", "127.0.0.1", "{port}",
                    "--user", "ann:pw1", "--user", "bob:pw2",
                ]
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
        let recorder = Recorder::new(vec![("case".into(), "chat-server".into())]);
        let mut checks = Vec::new();
        match running.wait_accepting(addr, until) {
            Ok(()) => {
                checks.push(Check::ok("accepts connections on {port}"));
                checks.extend(play(SCRIPT, addr, &recorder, until));
                if checks.iter().all(|c| c.grade != Grade::Failed) {
                    let exited = running.has_exited();
                    checks.push(Check::must(
                        "keeps running while clients come and go",
                        !exited,
                        "it exited",
                    ));
                }
            }
            Err(why) => checks.push(Check::must("accepts connections on {port}", false, why)),
        }
        Ok(Evidence {
            checks,
            transcript: Some(recorder.snapshot()),
            run: Some(running.finish()),
            reproduce: reproduce_lines(session, "type /login ann pw1, then a line"),
            ..Evidence::default()
        })
    }
}
