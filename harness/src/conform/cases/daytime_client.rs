//! `daytime-client`: the program is a daytime client (RFC 867). It asks the
//! server at `DAYTIME_HOST`:`DAYTIME_PORT` (also `WORKBOOK_HOST`/`_PORT`,
//! `{host}`/`{port}`), by UDP (any datagram; the server answers with one) or
//! by TCP (connect and read until the server closes), prints the reply on
//! stdout and exits with status 0.
//!
//! The harness runs its daytime peer with a stopped clock, so the reply is
//! always `Wednesday, March 14, 2007 15:09:26-UTC`. The comparison with the
//! reference looks only at what the server sent ([`datagram_view`] of the
//! server's side): the request's content is free (RFC 867 ignores it), and
//! UDP and TCP clients are equally right.

use std::net::SocketAddr;
use std::time::Duration;

use super::udp_echo_server::datagram_view;
use crate::conform::process::{shell_line, substitute};
use crate::conform::{
    Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session,
};
use crate::daytime::{self, DaytimeOptions, fixed_clock};
use crate::failure::bytes_mismatch;
use crate::transcript::{Event, Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct DaytimeClient;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 1313;

/// The reply text the stopped clock gives, without its line ending.
fn expected_text() -> String {
    daytime::daytime_line(fixed_clock(daytime::TEST_TIME).now())
        .trim_end()
        .to_string()
}

fn asked(t: &Transcript) -> bool {
    t.events.iter().any(|e| matches!(e, Event::Open { .. }))
}

fn answered(t: &Transcript) -> bool {
    t.events.iter().any(|e| {
        matches!(
            e,
            Event::Data {
                from: Side::Server,
                ..
            }
        )
    })
}

/// MUST print the reply (one line of stdout, any line ending).
fn check_stdout(run: &ProgramRun, text: &str) -> Check {
    let printed = run
        .stdout
        .split(|&b| b == b'\n')
        .any(|l| l.strip_suffix(b"\r").unwrap_or(l) == text.as_bytes());
    let detail = format!(
        "expected the line {text:?} on stdout\n{}",
        bytes_mismatch(format!("{text}\n").as_bytes(), &run.stdout)
    );
    Check::must("prints the server's reply on stdout", printed, detail)
}

fn grade(t: &Transcript, run: &ProgramRun, addr: SocketAddr) -> Vec<Check> {
    let exit = Check::must("exits with status 0", run.success(), run.describe_exit());
    if !asked(t) {
        let detail = format!(
            "no datagram or connection reached DAYTIME_HOST:DAYTIME_PORT ({addr}) before it ended ({})",
            run.describe_exit()
        );
        return vec![Check::must("asks the daytime server", false, detail), exit];
    }
    vec![
        Check::ok("asks the daytime server"),
        check_stdout(run, &expected_text()),
        exit,
    ]
}

fn outcome(run: &ProgramRun) -> toml::Table {
    let text = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<toml::Value> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').into())
        .collect();
    let mut table = toml::Table::new();
    table.insert("stdout_lines".into(), lines.into());
    let status = run.status.and_then(|s| s.code()).map_or(-1, i64::from);
    table.insert("exit_status".into(), status.into());
    table
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let endpoints = [
        Endpoint::new("WORKBOOK", addr),
        Endpoint::new("DAYTIME", addr),
    ];
    let argv = substitute(&session.program.argv, &endpoints);
    vec![
        format!("workbook peer daytime --port {SHOWN_PORT}    # in one terminal"),
        format!(
            "DAYTIME_HOST=127.0.0.1 DAYTIME_PORT={SHOWN_PORT} {}    # in another",
            shell_line(&argv)
        ),
    ]
}

impl Case for DaytimeClient {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "daytime-client".into(),
            summary: "your program asks the daytime server at DAYTIME_HOST:DAYTIME_PORT (UDP or TCP) and prints its reply".into(),
            role: Role::Client,
            peers: vec!["the daytime peer (UDP and TCP, stopped clock)".into()],
            time_limit: Duration::from_secs(60),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "chapter-03", "--bin", "daytime_client", "--", "{host}", "{port}"]
                    .map(String::from)
                    .to_vec(),
            ),
        }
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = daytime::start_with(DaytimeOptions {
            clock: fixed_clock(daytime::TEST_TIME),
            ..DaytimeOptions::default()
        })?;
        let addr = peer.addr();
        let endpoints = [
            Endpoint::new("WORKBOOK", addr),
            Endpoint::new("DAYTIME", addr),
        ];
        let run = Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait();
        // A TCP client may exit before the peer records its close.
        peer.recorder().wait_for(Duration::from_secs(2), |events| {
            let t = Transcript {
                header: Vec::new(),
                events: events.to_vec(),
            };
            !asked(&t) || answered(&t)
        });
        let transcript = peer.stop();
        Ok(Evidence {
            checks: grade(&transcript, &run, addr),
            outcome: outcome(&run),
            transcript: Some(transcript),
            run: Some(run),
            reproduce: reproduce_lines(session),
            seed: None,
        })
    }

    /// Only the server's replies: the request is free, UDP and TCP alike.
    fn normalise(&self, transcript: &Transcript) -> String {
        let replies: Vec<Event> = transcript
            .events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Data {
                        from: Side::Server,
                        ..
                    }
                )
            })
            .map(|e| match e {
                Event::Data { bytes, .. } => Event::Data {
                    conn: 1,
                    from: Side::Server,
                    bytes: bytes.clone(),
                },
                other => other.clone(),
            })
            .collect();
        datagram_view(&Transcript {
            header: Vec::new(),
            events: replies,
        })
    }
}
