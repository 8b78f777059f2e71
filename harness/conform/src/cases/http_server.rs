//! `http-server`: the program is a web server (chapter 05's `webserver`)
//! listening on 127.0.0.1 at `{port}` (`WORKBOOK_PORT`) and serving the
//! workbook's `fixtures/www`, whose absolute path it gets as
//! `WORKBOOK_WWW` (so a stock server can be pointed at it:
//! `python3 -m http.server --directory "$WORKBOOK_WWW" "$WORKBOOK_PORT"`). The harness is an HTTP/1.1 client that
//! honours the server's closes (see `common::http_visit`) and makes three
//! independent groups of requests, so a failure in one hides nothing of
//! the others:
//!
//! 1. `GET /`, `HEAD /style.css`, `GET /missing.html`, then `GET /logo.png`
//!    and `GET /docs/notes.txt` (pipelined in one write when the server has
//!    kept a connection open), then `GET /style.css` with
//!    `Connection: close` (the server must close after it);
//! 2. traversal attempts, each on its own connection: `/../Cargo.toml`,
//!    `/%2e%2e/Cargo.toml`, `/docs/..%2f..%2fCargo.toml`: never 200;
//! 3. a malformed request line: 400 (a SHOULD, RFC 9112 §3).
//!
//! Graded: statuses, that bodies have the files' lengths, that HEAD has
//! the GET's length, the close after `Connection: close`, Date (SHOULD).
//! Persistence and pipelining are graded only when the server keeps
//! connections open: one that closes after every response and says so
//! (HTTP/1.0, `Connection: close`) is within RFC 9112 §9.3. The reference
//! records one line per request: `status media-type length` for 200s, the
//! status otherwise, `refused` for traversal attempts and `rejected` for
//! the malformed request.

use std::fmt::Display;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use super::common::case_info;
use super::common::env::with_env;
use super::common::http::{Failure, Response, response_wait};
use super::common::http_visit::Visit;
use super::common::reproduce::start_line;
use super::common::server::Server;
use crate::{Case, CaseInfo, Check, Evidence, Role, Session, shell};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct HttpServer;

/// One request: method, target, and the expected status.
const FIRST: &[(&str, &str, u16)] = &[
    ("GET", "/", 200),
    ("HEAD", "/style.css", 200),
    ("GET", "/missing.html", 404),
];

/// The two requests pipelined in one write.
const PIPELINED: [&str; 2] = ["/logo.png", "/docs/notes.txt"];

/// Traversal targets: each must not be 200.
const TRAVERSAL: &[&str] = &[
    "/../Cargo.toml",
    "/%2e%2e/Cargo.toml",
    "/docs/..%2f..%2fCargo.toml",
];

/// `status media-type length` for the reference.
fn summary(r: &Response) -> String {
    // Error bodies are the server's own words: only their status counts.
    if r.status != 200 {
        return r.status.to_string();
    }
    let media = r.header("content-type").unwrap_or("-");
    let media = media.split(';').next().unwrap_or("-").trim();
    format!("{} {media} {}", r.status, r.body.len())
}

fn request(method: &str, target: &str, extra: &str) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\nHost: conform\r\n{extra}\r\n").into_bytes()
}

/// What the first group records and grades.
struct Group<'a> {
    root: &'a Path,
    checks: Vec<Check>,
    lines: Vec<String>,
}

impl Group<'_> {
    /// One request's status check (its name after `how`) and outcome line.
    fn status<E: Display>(&mut self, how: &str, label: &str, want: u16, r: &Result<Response, E>) {
        let name = format!("{how}{label} is {want}");
        match r {
            Ok(r) => {
                let detail = format!("it was {}", r.status_line);
                self.checks
                    .push(Check::must(name, r.status == want, detail));
                self.lines.push(format!("{label}: {}", summary(r)));
            }
            Err(why) => {
                self.checks.push(Check::must(name, false, why.to_string()));
                self.lines.push(format!("{label}: no answer"));
            }
        }
    }

    fn file_size(&self, name: &str) -> Option<u64> {
        let path = self.root.join("fixtures/www").join(name);
        std::fs::metadata(path).map(|m| m.len()).ok()
    }

    /// The content checks of `GET /` and `HEAD /style.css`.
    fn content(&mut self, method: &str, r: &Response) {
        if method == "GET" {
            let size = self.file_size("index.html");
            let got = r.body.len() as u64;
            let detail = format!("{got} bytes, index.html has {size:?}");
            let sends = Check::must("GET / sends index.html", Some(got) == size, detail);
            self.checks.push(sends);
            let date = r.header("date").is_some();
            let why = "no Date header (RFC 9110 §6.6.1: an origin server with a clock sends one)";
            self.checks
                .push(Check::should("sends a Date header", date, why));
        } else {
            let length = r.header("content-length").and_then(|l| l.parse().ok());
            let size = self.file_size("style.css");
            let detail = format!("Content-Length: {length:?}; style.css has {size:?} bytes");
            let same = length.is_some() && length == size;
            let check = Check::must("HEAD has the GET's Content-Length", same, detail);
            self.checks.push(check);
        }
    }
}

/// Group 1: the requests one after another, the pipelined pair, and the
/// close asked for.
fn main_group(addr: SocketAddr, session: &Session, until: Instant) -> Group<'_> {
    let wait = response_wait(session.time_limit);
    let mut g = Group {
        root: &session.root,
        checks: Vec::new(),
        lines: Vec::new(),
    };
    let mut visit = Visit::new(addr, until, wait);
    for (method, target, want) in FIRST {
        let label = format!("{method} {target}");
        let r = visit.send(&request(method, target, ""), *method == "HEAD", &label);
        g.status("", &label, *want, &r);
        if let (Ok(r), 200) = (&r, want) {
            g.content(method, r);
        }
    }
    pipelined(&mut visit, &mut g);
    let label = "GET /style.css (close)";
    let r = visit.send(
        &request("GET", "/style.css", "Connection: close\r\n"),
        false,
        label,
    );
    g.status("", label, 200, &r);
    if r.is_ok() {
        let closed = visit.wait_close();
        let name = "closes after Connection: close (RFC 9112 §9.6)";
        let check = Check::must(name, closed.is_ok(), closed.err().unwrap_or_default());
        g.checks.push(check);
    }
    g.checks.extend(persistence(&visit));
    g
}

/// The pipelined pair: in one write when the server has kept a connection
/// open before, otherwise one by one (pipelining is then not graded).
fn pipelined(visit: &mut Visit, g: &mut Group<'_>) {
    let labels = PIPELINED.map(|t| format!("GET {t}"));
    if !visit.offers_persistence() {
        for (target, label) in PIPELINED.iter().zip(&labels) {
            let r = visit.send(&request("GET", target, ""), false, label);
            g.status("", label, 200, &r);
        }
        return;
    }
    let both = [
        request("GET", PIPELINED[0], ""),
        request("GET", PIPELINED[1], ""),
    ]
    .concat();
    let first = visit.send(&both, false, &labels[0]);
    g.status("pipelined ", &labels[0], 200, &first);
    if first.is_err() || visit.closing() {
        // It answered the first and announced its close: a client resends
        // what was left unanswered (RFC 9112 §9.3.2).
        let r = visit.send(&request("GET", PIPELINED[1], ""), false, &labels[1]);
        g.status("", &labels[1], 200, &r);
        return;
    }
    let second = visit.read_next(&labels[1]).map_err(|e| {
        format!(
            "{}: {e}\nRFC 9112 §9.3.2: a server MUST answer pipelined requests, in order \
             (the harness sent both in one write)",
            labels[1]
        )
    });
    g.status("pipelined ", &labels[1], 200, &second);
}

/// How the server handled persistence, as one check; none when no request
/// showed it either way (they all failed, and say so themselves).
fn persistence(visit: &Visit) -> Option<Check> {
    if let Some(why) = &visit.silent_close {
        let name = "announces a close before making it (RFC 9112 §9.6)";
        let detail = format!(
            "{why}\nRFC 9112 §9.6: a server that does not keep connections open MUST send \
             Connection: close in every response"
        );
        return Some(Check::must(name, false, detail));
    }
    match (&visit.announced, visit.persistent) {
        (_, true) => Some(Check::ok(
            "keeps connections open between requests (RFC 9112 §9.3)",
        )),
        (Some(why), false) => Some(Check::ok(format!(
            "closes after every response and says so ({why}); persistence and pipelining \
             are not graded (RFC 9112 §9.3)"
        ))),
        (None, false) => None,
    }
}

/// The checks and outcome lines of a group.
type Outcome = (Vec<Check>, Vec<String>);

/// Group 2: traversal attempts, each on a new connection.
fn traversal(addr: SocketAddr, until: Instant, wait: Duration, g: &mut Outcome) {
    for target in TRAVERSAL {
        let mut visit = Visit::new(addr, until, wait);
        let label = format!("GET {target}");
        let r = visit.send(
            &request("GET", target, "Connection: close\r\n"),
            false,
            &label,
        );
        let served = matches!(&r, Ok(r) if r.status == 200);
        // Closing without a byte refuses too; no connection, or no answer
        // in time, shows nothing either way.
        let (refused, why) = match &r {
            Ok(_) => (!served, "it served the file".to_string()),
            Err(e) => (
                matches!(e.failure, Failure::ClosedBeforeAnswer),
                format!("{e}: the harness could not see it refused"),
            ),
        };
        g.0.push(Check::must(format!("refuses {target}"), refused, why));
        let (client_error, detail) = match &r {
            Ok(r) => (
                (400..500).contains(&r.status),
                format!("it was {}", r.status_line),
            ),
            Err(why) => (false, why.to_string()),
        };
        let name = format!("answers {target} with a client error (4xx, RFC 9110 §15.5)");
        g.0.push(Check::should(name, client_error, detail));
        let verdict = match (served, refused) {
            (true, _) => "served",
            (false, true) => "refused",
            (false, false) => "no answer",
        };
        g.1.push(format!("GET {target}: {verdict}"));
    }
}

/// Group 3: a malformed request line, on a new connection.
fn malformed(addr: SocketAddr, until: Instant, wait: Duration, g: &mut Outcome) {
    let mut visit = Visit::new(addr, until, wait);
    let r = visit.send(
        b"NOT AN HTTP REQUEST\r\n\r\n",
        false,
        "the malformed request",
    );
    let (is_400, detail) = match &r {
        Ok(r) => (r.status == 400, format!("it was {}", r.status_line)),
        Err(why) => (false, why.to_string()),
    };
    let name = "answers a malformed request line with 400 (RFC 9112 §3: SHOULD)";
    g.0.push(Check::should(name, is_400, detail));
    let accepted = matches!(&r, Ok(r) if (200..300).contains(&r.status));
    let verdict = if accepted { "accepted" } else { "rejected" };
    g.1.push(format!("malformed: {verdict}"));
}

impl Case for HttpServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "http-server",
            "your program (webserver) serves fixtures/www (its path: WORKBOOK_WWW) on {port}: keep-alive, HEAD, pipelining, 404, traversal refused, 400",
            Role::Server,
            &["an HTTP/1.1 client"],
            30,
            "cargo run -q -p chapter-05 --bin webserver -- --port {port} --quiet",
        )
        .seed("002 webserver")
        .var("WORKBOOK_WWW", "the absolute path of the directory to serve (fixtures/www)", "/home/me/workbook/fixtures/www")
        .file("fixtures/www: the document root (index.html, style.css, logo.png, docs/notes.txt)")
        .must("GET / sends index.html with its length; 200 for files, 404 for missing ones", "RFC 9110 §15.3.1, §15.5.5")
        .must("HEAD has the GET's Content-Length and no body", "RFC 9110 §9.3.2")
        .must("closes after a response to `Connection: close`", "RFC 9112 §9.6")
        .must("answers pipelined requests in order when it keeps a connection open", "RFC 9112 §9.3.2")
        .must("never sends a file outside the root (`..`, `%2e%2e`, `..%2f`)", "RFC 3986 §5.2.4; RFC 9110 §17.3")
        .should("sends a Date header", "RFC 9110 §6.6.1")
        .should("answers a malformed request line with 400", "RFC 9112 §3")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let www = session.root.join("fixtures/www").display().to_string();
        let program = with_env(&session.program, &[("WORKBOOK_WWW", www.clone())]);
        let mut server = Server::start(&program, "http-server", &[], session.time_limit)?;
        let (addr, until) = (server.addr, server.until);
        let mut checks = Vec::new();
        let mut lines = Vec::new();
        match server.running.wait_accepting(addr, until) {
            Err(why) => checks.push(Check::must("accepts connections on {port}", false, why)),
            Ok(()) => {
                let g = main_group(addr, session, until);
                let mut rest = (Vec::new(), Vec::new());
                let wait = response_wait(session.time_limit);
                traversal(addr, until, wait, &mut rest);
                malformed(addr, until, wait, &mut rest);
                checks.extend(g.checks.into_iter().chain(rest.0));
                lines.extend(g.lines.into_iter().chain(rest.1));
            }
        }
        // The HTTP client's requests are not recorded: the reference is the
        // outcome, one line per response.
        let (run, _) = server.finish();
        let mut outcome = toml::Table::new();
        outcome.insert("responses".into(), lines.into());
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce: vec![
                start_line(
                    session,
                    8080,
                    &[],
                    &shell::assignments(&[("WORKBOOK_WWW", &www)]),
                ),
                "curl -v http://127.0.0.1:8080/ http://127.0.0.1:8080/style.css    # keep-alive"
                    .into(),
                "curl -v --path-as-is http://127.0.0.1:8080/../Cargo.toml    # traversal".into(),
            ],
            ..Evidence::default()
        })
    }
}
