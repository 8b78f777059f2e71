//! `http-client`: the program is an HTTP client (chapter 05's `http_get`).
//! Given the URL `http://{host}:{port}/chain/2` as its argument, it must
//! follow two 302 redirects (`/chain/1`, `/chain/0`), decode the chunked
//! body of the last answer (three chunks, one with an extension, and a
//! trailer), print that body on stdout, and exit 0.
//!
//! The harness is the server (the `http` peer). What is graded: the three
//! requests, each with a Host header; the decoded body in the output; the
//! exit status. The reference records the request lines and whether the
//! body was printed, so it compares by meaning, not by header order or
//! User-Agent.

use std::net::SocketAddr;

use super::common::client::{SETTLE, all_ended};
use super::common::reproduce::peer_lines;
use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, Role, Running, Session};
use harness::http::server::CHUNKED_BODY;
use harness::transcript::{Event, Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct HttpClient;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 8088;

/// The request heads the client sent, one per connection, in order.
fn request_heads(t: &Transcript) -> Vec<String> {
    let conns: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Open { conn, .. } => Some(*conn),
            _ => None,
        })
        .collect();
    conns
        .into_iter()
        .map(|c| String::from_utf8_lossy(&t.bytes(c, Side::Client)).into_owned())
        .collect()
}

/// Every check of one run, and the outcome to compare.
fn grade(heads: &[String], stdout: &str) -> (Vec<Check>, toml::Table) {
    let lines: Vec<String> = heads
        .iter()
        .map(|h| h.lines().next().unwrap_or("").trim_end().to_string())
        .collect();
    let want = [
        "GET /chain/2 HTTP/1.1",
        "GET /chain/1 HTTP/1.1",
        "GET /chain/0 HTTP/1.1",
    ];
    let followed = lines.len() == 3 && lines.iter().zip(want).all(|(l, w)| l == w);
    let hosts = heads
        .iter()
        .all(|h| h.to_ascii_lowercase().contains("\nhost: "));
    let printed = stdout.contains(CHUNKED_BODY);
    let raw = stdout.contains("6;ext=1") || stdout.contains("X-Trailer: yes\r\n\r\n");
    let checks = vec![
        Check::must(
            "follows both redirects (GET /chain/2, /chain/1, /chain/0)",
            followed,
            format!("its request lines were {lines:?}"),
        ),
        Check::must(
            "sends Host with every request",
            hosts,
            "a request had no Host header",
        ),
        Check::must(
            "prints the decoded chunked body",
            printed && !raw,
            format!(
                "expected {CHUNKED_BODY:?} in stdout, without chunk sizes; stdout was {stdout:?}"
            ),
        ),
    ];
    let mut outcome = toml::Table::new();
    outcome.insert("request_lines".into(), lines.into());
    outcome.insert("printed_decoded_body".into(), (printed && !raw).into());
    (checks, outcome)
}

impl Case for HttpClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "http-client",
            "your program (http_get) fetches http://{host}:{port}/chain/2: follows 2 redirects, decodes a chunked body, prints it",
            Role::Client,
            &["the http peer (redirect chain to a chunked body)"],
            20,
            "cargo run -q -p chapter-05 --bin http_get -- http://{host}:{port}/chain/2",
        )
        .seed("002 http_01 (http.request: grabbing a file)")
        .var("HTTP_HOST", "the HTTP peer's address", "127.0.0.1")
        .var("HTTP_PORT", "the HTTP peer's port", "40123")
        .must("follows both redirects (GET /chain/2, /chain/1, /chain/0)", "RFC 9110 §15.4.3")
        .must("sends Host with every request", "RFC 9112 §3.2")
        .must("prints the decoded chunked body", "RFC 9112 §7.1")
        .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = harness::http::start(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            harness::fault::FaultPlan::none(),
            harness::peer::PeerConfig::default(),
        )?;
        let addr = peer.addr();
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("HTTP", addr)];
        let run = Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait();
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
        let (mut checks, mut outcome) = grade(&request_heads(&transcript), &stdout);
        checks.push(exit_check(&run));
        outcome.insert("exit_status".into(), exit_status(&run).into());
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce: peer_lines(session, "http", SHOWN_PORT, &[], ""),
            ..Evidence::default()
        })
    }
}
