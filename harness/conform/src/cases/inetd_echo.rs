//! `inetd-echo`: the program is the seed's echo service on standard input
//! and output, with no socket code at all. The harness's super-server
//! ([`harness::inetd`]) runs it once per connection with the socket as its
//! stdin and stdout.
//!
//! The protocol (seed 002, "Creating a Stream-Based Server"): a greeting line
//! with the time of day (`HH:MM:SS`), then every non-empty line back as it
//! came, with CR LF; at the first empty line, a closing line with the time,
//! and exit (which closes the connection).
//!
//! The harness opens two connections at once (each must get its own
//! process), sends a CRLF line on one and a bare-LF line split across two
//! writes on the other, ends both with an empty line, and expects the
//! closing line and then the end of the connection. The super-server's log
//! must show two processes. The reference comparison treats the greeting
//! and closing lines by meaning: any words, with the time.

use std::net::SocketAddr;
use std::time::Instant;

use regex::Regex;

use super::common::case_info;
use super::common::line_checks::{End, read_end};
use crate::client::{LineClient, read_limit};
use crate::reference::line_view;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session, shell};
use harness::failure::{bytes_mismatch, escape, io_summary};
use harness::inetd::{Service, start};
use harness::proc::substitute;
use harness::transcript::{Recorder, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct InetdEcho;

/// A time of day as the greeting and closing lines carry it.
const TIME: &str = r"\d\d:\d\d:\d\d";

fn has_time(line: &[u8]) -> bool {
    Regex::new(TIME).is_ok_and(|re| re.is_match(&String::from_utf8_lossy(line)))
}

/// Reads the greeting or closing line: MUST come, MUST carry the time.
fn check_timed_line(client: &mut LineClient, what: &str, until: Instant) -> Check {
    let name = format!("sends {what} with the time on {}", client.name);
    match client.read_line(until) {
        Ok(line) if has_time(&line) && line.ends_with(b"\n") => Check::ok(name),
        Ok(line) => Check::must(
            name,
            false,
            format!(
                "got \"{}\": expected a line with the time of day as HH:MM:SS",
                escape(&line)
            ),
        ),
        Err(end) => Check::must(name, false, end.describe()),
    }
}

/// Sends `pieces` (one line) and expects `echo` back.
fn check_echo(client: &mut LineClient, pieces: &[&[u8]], echo: &[u8], until: Instant) -> Check {
    let name = format!("echoes \"{}\" on {}", escape(&pieces.concat()), client.name);
    if let Err(e) = client.send(pieces) {
        return Check::must(name, false, io_summary(&e));
    }
    match client.read_line(until) {
        Ok(line) if line == echo => Check::ok(name),
        Ok(line) if kept_cr(&line, echo) => {
            let detail = format!("{}\n{KEPT_CR}", bytes_mismatch(echo, &line));
            Check::should(name, false, detail)
        }
        Ok(line) => Check::must(name, false, bytes_mismatch(echo, &line)),
        Err(end) => Check::must(name, false, end.describe()),
    }
}

/// Why an echo with the line's CR kept before its own CRLF is a warning:
/// the seed's program does it.
const KEPT_CR: &str = "the echo keeps the CR of the line's CRLF and adds its own CRLF: a line \
    is the text before its CRLF, which is the line ending (RFC 5198 §2, the network line \
    convention). The seed's echo.lua does this too: Lua's io.read() strips only the LF, and \
    the script writes what it read followed by \"\\r\\n\"; strip a trailing CR from each \
    line read";

/// Whether `got` is `echo` (ending in CRLF) with an extra CR before it.
fn kept_cr(got: &[u8], echo: &[u8]) -> bool {
    echo.strip_suffix(b"\r\n")
        .is_some_and(|text| got.strip_suffix(b"\r\r\n") == Some(text))
}

/// Sends the empty line; expects the closing line, then the end.
fn check_close(client: &mut LineClient, empty: &[u8], until: Instant) -> Vec<Check> {
    if let Err(e) = client.send(&[empty]) {
        return vec![Check::must("takes the empty line", false, io_summary(&e))];
    }
    let closing = check_timed_line(client, "the closing line", until);
    let name = format!("closes {} after the closing line", client.name);
    let end = match read_end(client, until) {
        End::Clean => Check::ok(name),
        End::More(more) => Check::must(
            name,
            false,
            format!("it sent \"{}\" instead of exiting", escape(&more)),
        ),
        End::Failed(end) => Check::must(name, false, end.describe()),
    };
    client.close();
    vec![closing, end]
}

/// The conversation with two clients at once.
fn converse(addr: SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let mut clients = Vec::new();
    let limit = read_limit(until.saturating_duration_since(Instant::now()));
    for name in ["client-1", "client-2"] {
        match LineClient::connect(addr, recorder, name) {
            Ok(c) => clients.push(c.with_read_limit(limit)),
            Err(e) => return vec![Check::must(format!("serves {name}"), false, io_summary(&e))],
        }
    }
    let (a, b) = clients.split_at_mut(1);
    let (a, b) = (&mut a[0], &mut b[0]);
    let mut checks = vec![
        check_timed_line(a, "a greeting", until),
        check_timed_line(b, "a greeting", until),
    ];
    if checks.iter().any(|c| c.grade == Grade::Failed) {
        return checks;
    }
    checks.push(check_echo(
        a,
        &[b"first line\r\n"],
        b"first line\r\n",
        until,
    ));
    let bare_lf: [&[u8]; 2] = [b"second: split ", b"across writes\n"];
    checks.push(check_echo(
        b,
        &bare_lf,
        b"second: split across writes\r\n",
        until,
    ));
    checks.extend(check_close(b, b"\n", until));
    checks.extend(check_close(a, b"\r\n", until));
    checks
}

impl Case for InetdEcho {
    fn info(&self) -> CaseInfo {
        case_info(
            "inetd-echo",
            "your program is a stdio echo service (greeting with the time, lines echoed with CRLF, closing line at an empty line), run by the harness super-server once per connection",
            Role::Server,
            &["the inetd-style super-server", "2 clients at once"],
            30,
            "cargo run -q -p chapter-09 --bin echo_stdio",
        )
        .seed("002 echo.lua (inetd stream server)")
        .must("greets with a line holding the time of day (HH:MM:SS)", "002 echo.lua")
        .must("sends every non-empty line back, ending in CRLF", "002 echo.lua")
        .must("at an empty line, sends a closing line with the time and exits (closing the connection)", "002 echo.lua")
        .must("runs as one process per connection, and exits after each session", "inetd(8)")
        .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let argv = substitute(&session.program.argv, &[]);
        let mut service = Service::new("inetd-echo", argv.clone());
        service.time_limit = session.time_limit;
        service.cwd = session.program.cwd.clone();
        let inetd = start(SocketAddr::from(([127, 0, 0, 1], 0)), service)?;
        let until = Instant::now() + session.time_limit;
        let recorder = Recorder::new(vec![("case".into(), "inetd-echo".into())]);
        let mut checks = converse(inetd.addr(), &recorder, until);
        if checks.iter().all(|c| c.grade != Grade::Failed) {
            let left = until.saturating_duration_since(Instant::now());
            inetd.wait_finished(2, left);
            let log = inetd.log();
            let mut pids: Vec<u32> = log.iter().map(|e| e.pid).collect();
            pids.sort();
            pids.dedup();
            checks.push(Check::must(
                "runs as one process per connection, and exits after each session",
                pids.len() == 2 && log.iter().all(|e| !e.killed),
                format!("the super-server's log: {log:?}"),
            ));
            checks.push(Check::should(
                "exits with status 0",
                log.iter().all(|e| e.status == Some(0)),
                format!("the super-server's log: {log:?}"),
            ));
        }
        drop(inetd);
        Ok(Evidence {
            checks,
            transcript: Some(recorder.snapshot()),
            reproduce: vec![
                format!(
                    "cargo workbook peer inetd --port 23032 -- {}    # the super-server",
                    shell::line(&argv)
                ),
                "nc -C 127.0.0.1 23032    # type lines, then an empty one".into(),
            ],
            ..Evidence::default()
        })
    }

    /// The line view with each server line that carries a time of day (the
    /// greeting and the closing line, whatever their words) as one token,
    /// and a CR left at the end of an echo dropped (its own check grades
    /// it as a warning: the seed's program keeps it).
    fn normalise(&self, transcript: &Transcript) -> String {
        line_view(transcript)
            .lines()
            .map(|line| match line.split_once(" S> ") {
                Some((conn, text)) if has_time(text.as_bytes()) => {
                    format!("{conn} S> <a line with the time>\n")
                }
                Some((conn, text)) => {
                    let text = text.strip_suffix("\\r").unwrap_or(text);
                    format!("{conn} S> {text}\n")
                }
                _ => format!("{line}\n"),
            })
            .collect()
    }
}
