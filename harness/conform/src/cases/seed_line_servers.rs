//! 000's line servers, each as a script of line clients: the TCP server
//! with a fixed reply (`tcp-fixed-server`), the non-blocking server
//! (`nonblocking-server`), the event-loop server (`event-loop-server`) and
//! the plain broadcast chat (`chat-broadcast-server`). They differ only in
//! data (`Spec`), so one `ScriptedServer` plays them all.
//!
//! Every reply is read with `Step::Line`: a LF or a CRLF ending passes, as
//! LuaSocket's line pattern (which the seed's clients use) drops either.
//! The scripts interleave clients wherever the seed program serves several
//! at once, so a one-client-at-a-time port of the non-blocking servers
//! fails; the TCP server of "Socket Programming" serves one at a time and
//! closes each client after its answer, so its script is sequential.
//!
//! # Layout
//! - `Spec` and the four specs (`TCP_FIXED`, `NONBLOCKING`,
//!   `EVENT_LOOP`, `CHAT_BROADCAST`);
//! - `ScriptedServer`: the case that plays a spec.

use super::common::case_info;
use super::common::line_checks::line_matches;
use super::common::reproduce::workbook_server_lines;
use super::common::script::{Player, Step};
use super::common::server::Server;
use crate::contract::Level;
use crate::reference::line_view;
use crate::{Case, CaseInfo, Evidence, Role, Session};
use harness::failure::Proto;
use harness::transcript::Transcript;

/// One scripted server case, as data.
#[derive(Debug)]
pub(crate) struct Spec {
    /// The case name.
    pub(crate) name: &'static str,
    /// Its `--list` line.
    pub(crate) summary: &'static str,
    /// The seed program (the `--list` group).
    pub(crate) seed: &'static str,
    /// What the harness starts, in words.
    pub(crate) peers: &'static str,
    /// Our reference program.
    pub(crate) ours: &'static str,
    /// The conversation.
    pub(crate) script: &'static [Step],
    /// The rules graded, with their source.
    pub(crate) rules: &'static [(Level, &'static str, &'static str)],
    /// What the reproduce lines suggest typing.
    pub(crate) what: &'static str,
}

/// Where every seed program of 000 listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 12345;

const KEEPS_RUNNING: (Level, &str, &str) = (
    Level::Must,
    "keeps running after its clients leave",
    "the seed's endless accept loop",
);

/// 000's TCP server ("Socket Programming"): one line in, one fixed line
/// out, then the connection is closed; clients one after another.
pub(crate) const TCP_FIXED: Spec = Spec {
    name: "tcp-fixed-server",
    summary: "your program (000's TCP server) listens on {port}; each client in turn sends a line and gets \"Hello from server!\", then the server closes",
    seed: "000 server (TCP, fixed reply)",
    peers: "2 line clients, one after another",
    ours: "cargo run -q -p chapter-02 --bin tcp_server -- --port {port}",
    script: &[
        Step::Connect(0),
        Step::Send(0, &["Hello from client!\n"]),
        Step::Line(0, "Hello from server!"),
        Step::Closed(0),
        Step::Connect(1),
        Step::Send(1, &["Hello ", "again\r\n"]),
        Step::Line(1, "Hello from server!"),
        Step::Closed(1),
    ],
    rules: &[
        (Level::Must, "accepts each client in turn", "000 TCP server"),
        (
            Level::Must,
            "answers the client's line (LF or CRLF, possibly split across writes) with the line `Hello from server!` (LF or CRLF)",
            "000 TCP server",
        ),
        (
            Level::Must,
            "closes the connection after the answer",
            "000 TCP server",
        ),
        KEEPS_RUNNING,
    ],
    what: "type a line: the answer is Hello from server!, then the close",
};

/// The script of the two non-blocking servers: two clients interleaved,
/// the second one's answers read first; one leaves, the other goes on.
const fn greeting_script(reply: &'static str) -> [Step; 12] {
    [
        Step::Connect(0),
        Step::Connect(1),
        Step::Send(0, &["hi\n"]),
        Step::Send(1, &["one ", "two\r\n"]),
        Step::Line(1, reply),
        Step::Line(0, reply),
        Step::Send(0, &["again\r\n"]),
        Step::Line(0, reply),
        Step::Hang(0),
        Step::Send(1, &["still here\n"]),
        Step::Line(1, reply),
        Step::Hang(1),
    ]
}

const NONBLOCKING_SCRIPT: [Step; 12] = greeting_script("Hello from non-blocking server!");
const EVENT_LOOP_SCRIPT: [Step; 12] = greeting_script("Hello from * server!");

/// 000's non-blocking server: every line of every client gets the greeting.
pub(crate) const NONBLOCKING: Spec = Spec {
    name: "nonblocking-server",
    summary: "your program (000's non-blocking server) listens on {port}; every line from any of several clients at once gets \"Hello from non-blocking server!\"",
    seed: "000 non-blocking server",
    peers: "2 interleaved line clients",
    ours: "cargo run -q -p chapter-04 --bin nonblocking_server -- 127.0.0.1 {port} --mode poll --seconds 0",
    script: &NONBLOCKING_SCRIPT,
    rules: &[
        (
            Level::Must,
            "accepts a second client while the first is still connected",
            "000 non-blocking server",
        ),
        (
            Level::Must,
            "answers every line with the line `Hello from non-blocking server!` (LF or CRLF), to the client that sent it, whatever order clients speak in",
            "000 non-blocking server",
        ),
        KEEPS_RUNNING,
    ],
    what: "type a line in two terminals: each gets the greeting",
};

/// 000's event-loop server: as the non-blocking one, with a pause per pass
/// (not graded: on the wire it looks the same) and its own greeting.
pub(crate) const EVENT_LOOP: Spec = Spec {
    name: "event-loop-server",
    summary: "your program (000's event-loop server) listens on {port}; every line from any of several clients at once gets a \"Hello from ... server!\" line (the seed: \"Hello from event loop server!\"); its CPU use is not graded",
    seed: "000 event-loop server",
    peers: "2 interleaved line clients",
    ours: "cargo run -q -p chapter-04 --bin nonblocking_server -- 127.0.0.1 {port} --mode sleep --seconds 0",
    script: &EVENT_LOOP_SCRIPT,
    rules: &[
        (
            Level::Must,
            "accepts a second client while the first is still connected",
            "000 event-loop server",
        ),
        (
            Level::Must,
            "answers every line with one line `Hello from <any words> server!` (LF or CRLF), to the client that sent it, whatever order clients speak in",
            "000 event-loop server",
        ),
        KEEPS_RUNNING,
    ],
    what: "type a line in two terminals: each gets the greeting",
};

/// 000's chat server as it stands: every line to every client. Each new
/// client speaks first, so the server has surely accepted it before the
/// lines it must receive are sent (a broadcast reaches the clients
/// accepted so far, which is all the seed promises).
pub(crate) const CHAT_BROADCAST: Spec = Spec {
    name: "chat-broadcast-server",
    summary: "your program (000's chat server, no logins) listens on {port}; every line a client sends goes to every connected client, the sender included (LF or CRLF)",
    seed: "000 chat server (broadcast)",
    peers: "3 chat clients",
    ours: "cargo run -q -p chapter-04 --bin broadcast_chat -- 127.0.0.1 {port} --quiet",
    script: &[
        Step::Connect(0),
        Step::Send(0, &["ann here\r\n"]),
        Step::Line(0, "ann here"),
        Step::Connect(1),
        Step::Send(1, &["bob ", "here\n"]),
        Step::Line(0, "bob here"),
        Step::Line(1, "bob here"),
        Step::Connect(2),
        Step::Send(2, &["cy here\r\n"]),
        Step::Line(0, "cy here"),
        Step::Line(1, "cy here"),
        Step::Line(2, "cy here"),
        Step::Send(0, &["hello all\n"]),
        Step::Line(2, "hello all"),
        Step::Line(1, "hello all"),
        Step::Line(0, "hello all"),
        Step::Hang(1),
        Step::Send(2, &["bob left\r\n"]),
        Step::Line(0, "bob left"),
        Step::Line(2, "bob left"),
        Step::Hang(0),
        Step::Hang(2),
    ],
    rules: &[
        (
            Level::Must,
            "accepts several clients at once",
            "000 chat server",
        ),
        (
            Level::Must,
            "sends each line (its ending LF or CRLF) to every connected client, the sender included",
            "000 chat server: broadcast",
        ),
        (
            Level::Must,
            "goes on serving the others when a client leaves",
            "000 chat server: the closed client is removed",
        ),
        KEEPS_RUNNING,
    ],
    what: "type a line in two terminals: both see it",
};

/// A case that plays one `Spec` (000's line servers).
#[derive(Debug, Clone, Copy)]
pub struct ScriptedServer(pub(crate) &'static Spec);

impl Case for ScriptedServer {
    fn info(&self) -> CaseInfo {
        let spec = self.0;
        let info = case_info(
            spec.name,
            spec.summary,
            Role::Server,
            &[spec.peers],
            30,
            spec.ours,
        )
        .seed(spec.seed);
        spec.rules
            .iter()
            .fold(info, |info, (level, text, source)| match level {
                Level::Must => info.must(text, source),
                Level::Should => info.should(text, source),
            })
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let spec = self.0;
        let mut server = Server::start(&session.program, spec.name, &[], session.time_limit)?;
        // The readiness probe (a connection closed at once) is harmless
        // to all four: the seed's servers drop a client whose receive
        // fails, and the one-at-a-time TCP server then takes the next.
        let mut checks = server
            .converse(|addr, recorder, until| Player::new(addr, recorder, until).play(spec.script));
        server.keeps_running(&mut checks, KEEPS_RUNNING.1, "it exited");
        let reproduce = workbook_server_lines(session, SHOWN_PORT, Proto::Line, spec.what);
        Ok(server.evidence(checks, reproduce))
    }

    /// The line view, with every server line that matches a wildcard
    /// pattern of the script replaced by the pattern: any words the
    /// pattern allows compare equal to the reference's.
    fn normalise(&self, transcript: &Transcript) -> String {
        let patterns: Vec<&str> = self
            .0
            .script
            .iter()
            .filter_map(|step| match step {
                Step::Line(_, p) if p.contains('*') => Some(*p),
                _ => None,
            })
            .collect();
        let view = line_view(transcript);
        let generalise = |line: &str| -> String {
            let Some((head, text)) = line.split_once(" S> ") else {
                return line.to_string();
            };
            match patterns.iter().find(|p| line_matches(text.as_bytes(), p)) {
                Some(p) => format!("{head} S> {p}"),
                None => line.to_string(),
            }
        };
        view.lines().map(|l| generalise(l) + "\n").collect()
    }
}
