//! `http-server`: the program is a web server (chapter 05's `webserver`)
//! listening on 127.0.0.1 at `{port}` (`WORKBOOK_PORT`) and serving the
//! workbook's `fixtures/www`. The harness sends a fixed set of requests:
//!
//! 1. on one keep-alive connection: `GET /`, `HEAD /style.css`,
//!    `GET /missing.html`, then `GET /logo.png` and `GET /docs/notes.txt`
//!    pipelined in one write, then `GET /style.css` with `Connection: close`
//!    (the server must close after it);
//! 2. traversal attempts, each on its own connection: `/../Cargo.toml`,
//!    `/%2e%2e/Cargo.toml`, `/docs/..%2f..%2fCargo.toml`: never 200;
//! 3. a malformed request line: 400.
//!
//! Graded: statuses, Content-Type media types, that bodies have the files'
//! lengths, that HEAD has no body, the close, Date (SHOULD), 403 for
//! traversal (SHOULD; 404 is accepted). The reference records one line per
//! request: `status media-type length` for 200s, the status otherwise,
//! `refused` for traversal attempts.

use std::net::SocketAddr;

use super::common::case_info;
use super::common::reproduce::start_line;
use super::common::server::Server;
use crate::{Case, CaseInfo, Check, Evidence, Role, Session};
use harness::http::{Driver, RawResponse};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct HttpServer;

/// One request: target, method, and the expected status.
const KEEP_ALIVE: &[(&str, &str, u16)] = &[
    ("GET", "/", 200),
    ("HEAD", "/style.css", 200),
    ("GET", "/missing.html", 404),
];

/// Traversal targets: each must not be 200.
const TRAVERSAL: &[&str] = &[
    "/../Cargo.toml",
    "/%2e%2e/Cargo.toml",
    "/docs/..%2f..%2fCargo.toml",
];

/// `status media-type length` for the reference.
fn summary(r: &RawResponse) -> String {
    // Error bodies are the server's own words: only their status counts.
    if r.status != 200 {
        return r.status.to_string();
    }
    let media = r
        .header("content-type")
        .unwrap_or("-")
        .split(';')
        .next()
        .unwrap_or("-")
        .trim();
    format!("{} {media} {}", r.status, r.body.len())
}

/// Sends one request and reads its answer, as a result with a readable error.
fn ask(d: &mut Driver, method: &str, target: &str, extra: &str) -> Result<RawResponse, String> {
    d.send(format!("{method} {target} HTTP/1.1\r\nHost: conform\r\n{extra}\r\n").as_bytes())
        .and_then(|()| d.read_response(method == "HEAD"))
        .map_err(|e| format!("{method} {target}: {e}"))
}

/// The keep-alive connection: checks and summaries.
fn keep_alive(
    addr: SocketAddr,
    root: &std::path::Path,
    checks: &mut Vec<Check>,
    lines: &mut Vec<String>,
) -> Result<(), String> {
    let mut d = Driver::connect(addr).map_err(|e| format!("connect: {e}"))?;
    for (method, target, status) in KEEP_ALIVE {
        let r = ask(&mut d, method, target, "")?;
        checks.push(Check::must(
            format!("{method} {target} is {status}"),
            r.status == *status,
            format!("it was {}", r.status_line),
        ));
        lines.push(format!("{method} {target}: {}", summary(&r)));
        if *method == "GET" && *target == "/" {
            let size = std::fs::metadata(root.join("fixtures/www/index.html"))
                .map_or(0, |m| m.len() as usize);
            checks.push(Check::must(
                "GET / sends index.html",
                r.body.len() == size,
                format!("{} bytes, index.html has {size}", r.body.len()),
            ));
            checks.push(Check::should(
                "sends a Date header",
                r.header("date").is_some(),
                "no Date header",
            ));
        }
        if *method == "HEAD" {
            let length = r
                .header("content-length")
                .and_then(|l| l.parse::<u64>().ok());
            let size = std::fs::metadata(root.join("fixtures/www/style.css"))
                .map(|m| m.len())
                .ok();
            let detail = format!("Content-Length: {length:?}; style.css has {size:?} bytes");
            checks.push(Check::must(
                "HEAD has the GET's Content-Length",
                length.is_some() && length == size,
                detail,
            ));
        }
    }
    d.send(b"GET /logo.png HTTP/1.1\r\nHost: conform\r\n\r\nGET /docs/notes.txt HTTP/1.1\r\nHost: conform\r\n\r\n").map_err(|e| e.to_string())?;
    for target in ["/logo.png", "/docs/notes.txt"] {
        let r = d
            .read_response(false)
            .map_err(|e| format!("pipelined GET {target}: {e}"))?;
        checks.push(Check::must(
            format!("pipelined GET {target} is 200"),
            r.status == 200,
            r.status_line.clone(),
        ));
        lines.push(format!("GET {target}: {}", summary(&r)));
    }
    let r = ask(&mut d, "GET", "/style.css", "Connection: close\r\n")?;
    lines.push(format!("GET /style.css (close): {}", summary(&r)));
    checks.push(Check::must(
        "closes after Connection: close",
        d.is_closed(),
        "the connection stayed open",
    ));
    Ok(())
}

/// Traversal attempts and a malformed request, each on a new connection.
fn refusals(
    addr: SocketAddr,
    checks: &mut Vec<Check>,
    lines: &mut Vec<String>,
) -> Result<(), String> {
    for target in TRAVERSAL {
        let mut d = Driver::connect(addr).map_err(|e| format!("connect: {e}"))?;
        let r = ask(&mut d, "GET", target, "Connection: close\r\n")?;
        checks.push(Check::must(
            format!("refuses {target}"),
            r.status != 200,
            "it served the file",
        ));
        checks.push(Check::should(
            format!("answers 403 to {target}"),
            r.status == 403,
            r.status_line.clone(),
        ));
        let verdict = if r.status == 200 { "served" } else { "refused" };
        lines.push(format!("GET {target}: {verdict}"));
    }
    let mut d = Driver::connect(addr).map_err(|e| format!("connect: {e}"))?;
    d.send(b"NOT AN HTTP REQUEST\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let r = d
        .read_response(false)
        .map_err(|e| format!("malformed request: {e}"))?;
    checks.push(Check::must(
        "answers a malformed request with 400",
        r.status == 400,
        r.status_line.clone(),
    ));
    lines.push(format!("malformed: {}", r.status));
    Ok(())
}

impl Case for HttpServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "http-server",
            "your program (webserver) serves fixtures/www on {port}: keep-alive, HEAD, pipelining, 404, traversal refused, 400",
            Role::Server,
            &["an HTTP client driver"],
            30,
            "cargo run -q -p chapter-05 --bin webserver -- --port {port} --quiet",
        )
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let mut server = Server::start(&session.program, "http-server", &[], session.time_limit)?;
        let addr = server.addr;
        let (mut checks, mut lines) = (Vec::new(), Vec::new());
        let result = server
            .running
            .wait_accepting(addr, server.until)
            .and_then(|()| keep_alive(addr, &session.root, &mut checks, &mut lines))
            .and_then(|()| refusals(addr, &mut checks, &mut lines));
        if let Err(why) = result {
            checks.push(Check::must("answers every request", false, why));
        }
        // The HTTP driver's requests are not recorded: the reference is the
        // outcome, one line per response.
        let (run, _) = server.finish();
        let mut outcome = toml::Table::new();
        outcome.insert("responses".into(), lines.into());
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce: vec![
                start_line(session, 8080, &[], ""),
                "curl -v http://127.0.0.1:8080/ http://127.0.0.1:8080/style.css    # keep-alive"
                    .into(),
                "curl -v --path-as-is http://127.0.0.1:8080/../Cargo.toml    # traversal".into(),
            ],
            ..Evidence::default()
        })
    }
}
