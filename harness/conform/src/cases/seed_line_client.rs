//! `line-client`: the program is 002's `client_02`, the interactive client
//! of `server_02`. It connects to `{host}:{port}`, then for each line it
//! reads on stdin sends that line and prints the server's one-line reply;
//! `.quit` (or the end of stdin) is sent and ends the session.
//!
//! The harness plays `server_02`: each line is answered with every
//! distinct byte from 33 to 255 the client has sent so far, ascending, and
//! `.quit` makes it close. Stdin holds `ajx`, `bky`, `.quit`, so the
//! replies are `ajx` and `abjkxy`; the program must print both, in order
//! (any words around them: the seed prints prompts too). After `.quit`
//! the peer waits for the program to close, rather than closing first as
//! `server_02` does, so that the program's own close is seen.
//!
//! # Layout
//! - `peer`: the harness's `server_02`; `grade`: the checks;
//!   `LineClient02`: the case.

use std::collections::BTreeSet;
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
pub struct LineClient02;

/// What the program reads on stdin.
const STDIN: &str = "ajx\nbky\n.quit\n";
/// The lines it must send, in order.
const SENT: [&str; 3] = ["ajx", "bky", ".quit"];
/// The replies it must print, in order.
const REPLIES: [&str; 2] = ["ajx", "abjkxy"];
/// Longest line the peer reads; most lines per connection.
const MAX_LINE: usize = 1000;
const MAX_LINES: usize = 100;
/// Where server_02 listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 3072;

/// `server_02`'s session, one per connection.
fn peer() -> anyhow::Result<PeerHandle> {
    let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let peer = spawn_on(
        "server_02",
        listener,
        FaultPlan::none(),
        PeerConfig::default(),
        |mut conn| {
            let mut seen = BTreeSet::new();
            for _ in 0..MAX_LINES {
                let Line::Complete(line) = conn.read_line(MAX_LINE)? else {
                    break;
                };
                let text: Vec<u8> = line
                    .into_iter()
                    .filter(|b| *b != b'\r' && *b != b'\n')
                    .collect();
                if text == b".quit" || text == b".shutdown" {
                    // server_02 would close here; the peer waits for the
                    // client's close instead, so the transcript shows it.
                    for _ in 0..MAX_LINES {
                        if !matches!(conn.read_line(MAX_LINE)?, Line::Complete(_)) {
                            break;
                        }
                    }
                    break;
                }
                seen.extend(text.into_iter().filter(|b| *b >= 33));
                let mut reply: Vec<u8> = seen.iter().copied().collect();
                reply.extend_from_slice(b"\r\n");
                conn.reply(&reply)?;
            }
            Ok(())
        },
    )?;
    Ok(peer)
}

/// The checks of one run.
fn grade(t: &Transcript, run: &ProgramRun) -> Vec<Check> {
    let Some(conn) = first_conn(t) else {
        let detail = format!("no connection came ({})", run.describe_exit());
        return vec![
            Check::must("connects to the server", false, detail),
            exit_check(run),
        ];
    };
    let sent = t.bytes(conn, Side::Client);
    let text = String::from_utf8_lossy(&sent);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let crlf = text.split_inclusive('\n').all(|l| l.ends_with("\r\n"));
    let out = String::from_utf8_lossy(&run.stdout);
    let mut rest = out.as_ref();
    let in_order = REPLIES.iter().all(|r| match rest.find(r) {
        Some(at) => {
            rest = &rest[at + r.len()..];
            true
        }
        None => false,
    });
    vec![
        Check::ok("connects to the server"),
        Check::must(
            "sends each stdin line as a line, in order (ajx, bky, .quit)",
            lines == SENT,
            format!("it sent \"{}\"", escape(&sent)),
        ),
        Check::should(
            "ends its lines with CRLF",
            crlf,
            "a line ended in a bare LF",
        ),
        Check::must(
            "prints each reply, in order (ajx, then abjkxy)",
            in_order,
            format!("stdout was \"{}\"", escape(&run.stdout)),
        ),
        Check::must(
            "closes the connection after .quit",
            client_closed(t, conn),
            "the server never saw the connection end",
        ),
        exit_check(run),
    ]
}

impl Case for LineClient02 {
    fn info(&self) -> CaseInfo {
        case_info(
            "line-client",
            "your program (002's client_02) connects to {host}:{port}, sends each stdin line (ajx, bky, .quit), prints each one-line reply, closes after .quit",
            Role::Client,
            &["a server_02: each line answered with the distinct bytes sent so far; .quit closes"],
            20,
            "cargo run -q -p chapter-04 --bin client_02 -- {host} {port}",
        )
        .seed("002 client_02 (select and coroutines)")
        .file("stdin: \"ajx\\nbky\\n.quit\\n\"")
        .must("sends each stdin line as a line, in order", "002 client_02")
        .should("ends its lines with CRLF", "RFC 854 NVT lines")
        .must("prints each reply (`ajx`, then `abjkxy`), any words around them", "002 client_02")
        .must("closes the connection after sending .quit and exits with status 0", "002 client_02")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = peer()?;
        let endpoints = [Endpoint::new("WORKBOOK", peer.addr())];
        let input = Some(STDIN.as_bytes().to_vec());
        let run = Running::spawn(&session.program, &endpoints, input, session.time_limit)?.wait();
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        let reproduce = vec![
            format!(
                "cargo run -p chapter-04 --bin server_02 -- 127.0.0.1 {SHOWN_PORT}    # in one terminal"
            ),
            format!(
                "printf 'ajx\\nbky\\n.quit\\n' | {}    # in another",
                shown_command(session, SHOWN_PORT, &[])
            ),
        ];
        let checks = grade(&transcript, &run);
        let mut evidence = printed_evidence(checks, transcript, run, reproduce);
        // The prompts and wording are free: only the checks' verdict on the
        // output is compared, not the printed lines.
        evidence.outcome = toml::Table::new();
        Ok(evidence)
    }
}
