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

use super::common::case_info;
use super::common::reproduce::workbook_server_lines;
use super::common::script::{Player, Step};
use super::common::server::Server;
use crate::{Case, CaseInfo, Evidence, Role, Session};
use harness::failure::Proto;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct ChatServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 3072;

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
        case_info(
            "chat-server",
            "your chat server on {port}: /login (ann:pw1, bob:pw2), broadcast, /msg, /who, /quit",
            Role::Server,
            &["3 chat clients"],
            30,
            "cargo run -q -p chapter-04 --bin chat_server -- 127.0.0.1 {port} --user ann:pw1 --user bob:pw2",
        )
        .seed("000 chat server (broadcast)")
        .must("greets each client with `* hello; log in with /login NAME PASSWORD`", "chapter 4's chat protocol (000's Try It Yourself: authentication)")
        .must("refuses lines before a login, a wrong password and a name in use", "chapter 4's chat protocol")
        .must("sends each logged-in user's line as `NAME: TEXT` to everyone logged in, sender included", "000 chat server: broadcast")
        .must("delivers `/msg TO TEXT` to TO only, and confirms it to the sender", "000's Try It Yourself: private messages")
        .must("answers `/who` with the users online, in login order", "chapter 4's chat protocol")
        .must("closes on `/quit` and tells the others `* NAME left`", "chapter 4's chat protocol")
        .must("ends every line with CRLF and keeps running while clients come and go", "RFC 854 NVT lines")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let mut server = Server::start(&session.program, "chat-server", &[], session.time_limit)?;
        let mut checks = server
            .converse(|addr, recorder, until| Player::new(addr, recorder, until).play(SCRIPT));
        server.keeps_running(
            &mut checks,
            "keeps running while clients come and go",
            "it exited",
        );
        let what = "type /login ann pw1, then a line";
        let reproduce = workbook_server_lines(session, SHOWN_PORT, Proto::Line, what);
        Ok(server.evidence(checks, reproduce))
    }
}
