//! `http-hello-server`: the program is 000's HTTP server. For every
//! connection it answers the request with `200 OK` and the body
//! `Hello, World!`, then closes. The seed reads only the request line, so
//! whatever is asked gets the same answer.
//!
//! The harness sends two requests, each on its own connection and each
//! asking for the close (`Connection: close`, then HTTP/1.0), so a full
//! HTTP server (ours: `webserver` on a root whose index is that text) and
//! the seed's one-line reply are equally right. The body is framed by
//! `Content-Length` when there is one, else by the close (RFC 9112 §6.3,
//! rule 8: the seed sends no length). A reset after the whole body came
//! counts as the close: the seed closes with the rest of the request
//! unread, which some kernels answer with a reset.
//!
//! # Layout
//! - `REQUESTS`; `exchange`: one connection's bytes; `grade`: the
//!   checks of one response; `HttpHello`: the case.

use std::time::Instant;

use super::common::case_info;
use super::common::reproduce::workbook_server_lines;
use super::common::server::Server;
use crate::client::LineClient;
use crate::{Case, CaseInfo, Check, Evidence, Role, Session};
use harness::failure::{Proto, escape, io_summary};
use harness::transcript::Recorder;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct HttpHello;

/// Where the seed listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 8080;
/// The body the seed sends.
const BODY: &str = "Hello, World!";
/// The requests, one per connection.
const REQUESTS: &[&str] = &[
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET / HTTP/1.0\r\n\r\n",
];
/// Most reads of one response (each a line or the end): bounds the loop.
const MAX_READS: usize = 200;

/// What one connection brought back: the bytes, and whether it ended with
/// the server's close (a clean end of file) or something else.
struct Exchange {
    bytes: Vec<u8>,
    end: Result<(), String>,
}

/// Sends `request` on a new connection and reads until it ends.
fn exchange(client: &mut LineClient, request: &str, until: Instant) -> Result<Exchange, String> {
    client
        .send(&[request.as_bytes()])
        .map_err(|e| io_summary(&e))?;
    let mut bytes = Vec::new();
    for _ in 0..MAX_READS {
        match client.read_line(until) {
            Ok(line) => bytes.extend(line),
            Err(end) => {
                bytes.extend(&end.partial);
                let result = match end.error {
                    None => Ok(()),
                    Some(_) => Err(end.describe()),
                };
                return Ok(Exchange { bytes, end: result });
            }
        }
    }
    Err(format!(
        "more than {MAX_READS} lines came without the close"
    ))
}

/// The checks of one response to request `n` (1-based).
fn grade(n: usize, ex: &Exchange) -> Vec<Check> {
    let text = String::from_utf8_lossy(&ex.bytes);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        let detail = format!("no complete response head came: \"{}\"", escape(&ex.bytes));
        return vec![Check::must(
            format!("answers request {n} with status 200"),
            false,
            detail,
        )];
    };
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    let ok = status.starts_with("HTTP/1.") && status.split(' ').nth(1) == Some("200");
    let headers: Vec<(String, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let body_ok = match length {
        Some(n) => body.len() >= n && &body[..n] == BODY,
        None => body == BODY,
    };
    let whole = body_ok;
    let closed = ex.end.is_ok() || whole;
    let has_type = headers.iter().any(|(k, _)| k == "content-type");
    vec![
        Check::must(
            format!("answers request {n} with status 200"),
            ok,
            format!("the status line was \"{}\"", escape(status.as_bytes())),
        ),
        Check::must(
            format!("sends the body \"{BODY}\" to request {n}"),
            body_ok,
            format!(
                "the body was \"{}\" (Content-Length: {length:?})",
                escape(body.as_bytes())
            ),
        ),
        Check::must(
            format!("closes after response {n}"),
            closed,
            ex.end.clone().err().unwrap_or_default(),
        ),
        Check::should(
            format!("names the body's type (Content-Type) in response {n}"),
            has_type,
            "there was no Content-Type header",
        ),
    ]
}

/// Every request on its own connection; stops at the first failure.
fn converse(addr: std::net::SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, request) in REQUESTS.iter().enumerate() {
        let name = format!("client-{}", i + 1);
        let mut client = match LineClient::connect(addr, recorder, &name) {
            Ok(c) => c,
            Err(e) => {
                checks.push(Check::must(
                    format!("accepts {name}"),
                    false,
                    io_summary(&e),
                ));
                break;
            }
        };
        match exchange(&mut client, request, until) {
            Ok(ex) => checks.extend(grade(i + 1, &ex)),
            Err(why) => checks.push(Check::must(
                format!("answers request {}", i + 1),
                false,
                why,
            )),
        }
        client.close();
        if !super::common::passed(&checks) {
            break;
        }
    }
    checks
}

impl Case for HttpHello {
    fn info(&self) -> CaseInfo {
        case_info(
            "http-hello-server",
            "your program (000's HTTP server) listens on {port}; every request gets status 200 and the body \"Hello, World!\", then the close",
            Role::Server,
            &["2 HTTP clients, one request each, asking for the close"],
            30,
            "cargo run -q -p chapter-05 --bin hello_http -- --port {port} --quiet",
        )
        .seed("000 HTTP server (one reply)")
        .must("answers each request with a status line `HTTP/1.x 200`", "RFC 9110 §15.3.1; RFC 9112 §4")
        .must("sends the body `Hello, World!` (framed by Content-Length, or by the close)", "000 HTTP server; RFC 9112 §6.3")
        .must("closes the connection after the response", "RFC 9112 §9.6 (the request says Connection: close)")
        .should("names the body's type with Content-Type", "RFC 9110 §8.3")
        .must("keeps running for the next client", "the seed's endless accept loop")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let mut server = Server::start(
            &session.program,
            "http-hello-server",
            &[],
            session.time_limit,
        )?;
        let mut checks = server.converse(converse);
        server.keeps_running(
            &mut checks,
            "keeps running for the next client",
            "it exited",
        );
        let what = "type GET / HTTP/1.0 and an empty line";
        let reproduce = workbook_server_lines(session, SHOWN_PORT, Proto::Http, what);
        Ok(server.evidence(checks, reproduce))
    }

    /// The requests as sent, and of each response only its status code
    /// and whether the body came: the other headers (Date, Server, the
    /// reason phrase, the version) are free, and so is how it closed.
    fn normalise(&self, transcript: &harness::transcript::Transcript) -> String {
        let view = crate::reference::line_view(transcript);
        let reduce = |line: &str| -> Option<String> {
            let (conn, rest) = line.split_once(' ')?;
            if rest.starts_with("open") || rest.starts_with("C> ") {
                return Some(line.to_string());
            }
            let text = rest.strip_prefix("S> ")?;
            if text.starts_with("HTTP/") {
                let code = text.split(' ').nth(1).unwrap_or("?");
                return Some(format!("{conn} S> status {code}"));
            }
            text.contains(BODY)
                .then(|| format!("{conn} S> body {BODY}"))
        };
        view.lines().filter_map(reduce).map(|l| l + "\n").collect()
    }
}
