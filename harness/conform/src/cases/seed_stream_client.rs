//! `stream-client`: the program is 002's `client_03`: it reaches an echo
//! service through another program that does the networking (`nc`,
//! `ssh`, `plink`), writing lines to that program's input and printing
//! every line that comes out of it.
//!
//! The harness plays the seed's `echo.lua` behind inetd: a greeting line,
//! each non-empty line back with CRLF, and at the first empty line a
//! closing line and the close. The lines sent are the program's choice
//! (the seed hard-codes its own), ending with the empty line; the program
//! must print every line the service sent, in order. Whether it used a
//! helper program cannot be seen from the network and is not graded.
//!
//! # Layout
//! - `peer`: the echo service; `grade`: the checks; `StreamClient`.

use std::net::SocketAddr;

use super::common::client::{SETTLE, all_ended, client_closed, first_conn, printed_evidence};
use super::common::reproduce::shown_command;
use super::common::{case_info, exit_check};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session};
use harness::failure::escape;
use harness::fault::FaultPlan;
use harness::peer::{Line, PeerConfig, PeerHandle, listen, spawn_on};
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct StreamClient;

/// The service's first and last lines (the seed's carry the time, which
/// a fixed text stands for here, so the output is comparable).
const OPENING: &str = "echo server opening";
const CLOSING: &str = "echo server closing";
/// Longest line read; most lines per session.
const MAX_LINE: usize = 1000;
const MAX_LINES: usize = 100;
/// Where the seed's echo service listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 23032;

/// The echo service of one connection.
fn peer() -> anyhow::Result<PeerHandle> {
    let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let peer = spawn_on(
        "echo.lua",
        listener,
        FaultPlan::none(),
        PeerConfig::default(),
        |mut conn| {
            conn.reply(format!("{OPENING}\r\n").as_bytes())?;
            for _ in 0..MAX_LINES {
                let Line::Complete(line) = conn.read_line(MAX_LINE)? else {
                    break;
                };
                let text: Vec<u8> = line
                    .into_iter()
                    .filter(|b| *b != b'\r' && *b != b'\n')
                    .collect();
                if text.is_empty() {
                    break;
                }
                let mut echo = text;
                echo.extend_from_slice(b"\r\n");
                conn.reply(&echo)?;
            }
            conn.reply(format!("{CLOSING}\r\n").as_bytes())
        },
    )?;
    Ok(peer)
}

/// The checks of one run.
fn grade(t: &Transcript, run: &ProgramRun) -> Vec<Check> {
    let Some(conn) = first_conn(t) else {
        let detail = format!("no connection came ({})", run.describe_exit());
        return vec![
            Check::must("reaches the echo service", false, detail),
            exit_check(run),
        ];
    };
    let sent = String::from_utf8_lossy(&t.bytes(conn, Side::Client)).to_string();
    let ended = sent.lines().any(|l| l.trim_end_matches('\r').is_empty());
    let served = String::from_utf8_lossy(&t.bytes(conn, Side::Server)).to_string();
    let want: Vec<&str> = served.lines().map(|l| l.trim_end_matches('\r')).collect();
    let out = String::from_utf8_lossy(&run.stdout);
    let mut printed = out.lines().map(|l| l.trim_end_matches('\r'));
    let in_order = want.iter().all(|w| printed.any(|p| p == *w));
    let closed = client_closed(t, conn) || served.contains(CLOSING);
    vec![
        Check::ok("reaches the echo service"),
        Check::must(
            "ends the session with an empty line",
            ended,
            format!("it sent \"{}\"", escape(sent.as_bytes())),
        ),
        Check::must(
            "prints every line the service sent, in order (opening, echoes, closing)",
            in_order && closed,
            format!(
                "the service sent \"{}\"; stdout was \"{}\"",
                escape(served.as_bytes()),
                escape(&run.stdout)
            ),
        ),
        exit_check(run),
    ]
}

impl Case for StreamClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "stream-client",
            "your program (002's client_03) talks to the echo service at {host}:{port} through a helper such as nc: sends its lines and an empty line, prints every line that comes back",
            Role::Client,
            &["an echo.lua-style service: an opening line, each line echoed with CRLF, a closing line at an empty line"],
            30,
            "cargo run -q -p chapter-09 --bin stream_client -- --host {host} --port {port}",
        )
        .seed("002 client_03 (popen and nc)")
        .must("sends its lines and then an empty line, which ends the session", "002 client_03; 002 echo.lua")
        .must("prints every line the service sent, in order: the opening line, the echoes, the closing line", "002 client_03")
        .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = peer()?;
        let endpoints = [Endpoint::new("WORKBOOK", peer.addr())];
        let run = Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait();
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        let reproduce = vec![
            format!(
                "target/debug/super_server --port {SHOWN_PORT} -- target/debug/echo_stdio    # in one terminal"
            ),
            format!(
                "{}    # in another",
                shown_command(session, SHOWN_PORT, &[])
            ),
        ];
        let checks = grade(&transcript, &run);
        let mut evidence = printed_evidence(checks, transcript, run, reproduce);
        // The lines are the program's choice: only the checks compare.
        evidence.outcome = toml::Table::new();
        Ok(evidence)
    }

    /// Only what the service sent is compared: the lines sent are free.
    fn normalise(&self, transcript: &Transcript) -> String {
        let view = crate::reference::line_view(transcript);
        view.lines()
            .filter(|l| l.contains(" S> ") && (l.contains(OPENING) || l.contains(CLOSING)))
            .map(|l| format!("{l}\n"))
            .collect()
    }
}
