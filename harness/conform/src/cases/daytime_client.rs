//! `daytime-client`: the program is a daytime client (RFC 867). It asks the
//! server at `DAYTIME_HOST`:`DAYTIME_PORT` (also `WORKBOOK_HOST`/`_PORT`,
//! `{host}`/`{port}`), by UDP (any datagram; the server answers with one) or
//! by TCP (connect and read until the server closes), prints the reply on
//! stdout and exits with status 0.
//!
//! The harness runs its daytime peer with a stopped clock, so the reply is
//! always `Wednesday, March 14, 2007 15:09:26-UTC`. The comparison with the
//! reference looks only at what the server sent (`datagram_view` of the
//! server's side): the request's content is free (RFC 867 ignores it), and
//! UDP and TCP clients are equally right.

use std::net::SocketAddr;
use std::time::Duration;

use super::common::case_info;
use super::common::client::{printed_evidence, printed_line};
use super::common::datagram::datagram_view;
use super::common::reproduce::{env_prefix, peer_lines};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session};
use harness::daytime::{self, DaytimeOptions, fixed_clock};
use harness::transcript::{Event, Side, Transcript};

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
    let (printed, mismatch) = printed_line(run, text);
    let detail = format!("expected the line {text:?} on stdout\n{mismatch}");
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

impl Case for DaytimeClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "daytime-client",
            "your program asks the daytime server at DAYTIME_HOST:DAYTIME_PORT (UDP or TCP) and prints its reply",
            Role::Client,
            &["the daytime peer (UDP and TCP, stopped clock)"],
            60,
            "cargo run -q -p chapter-03 --bin daytime_client -- {host} {port}",
        )
        .seed("001 daytime client (RFC 867)")
        .var("DAYTIME_HOST", "the daytime server's address", "127.0.0.1")
        .var("DAYTIME_PORT", "the daytime server's port (UDP and TCP)", "40123")
        .must("asks the daytime server (any UDP datagram, or a TCP connection)", "RFC 867")
        .must("prints the server's reply on stdout", "001 daytime client")
        .must("exits with status 0", "the case")
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
        let env = env_prefix("DAYTIME", SHOWN_PORT);
        let reproduce = peer_lines(session, "daytime", SHOWN_PORT, &["DAYTIME"], &env);
        let checks = grade(&transcript, &run, addr);
        Ok(printed_evidence(checks, transcript, run, reproduce))
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
