//! `grab-file`: the program is 002's `http_01` ("Grabbing a File"): one
//! HTTP GET whose body goes into a file, not to the screen, and the
//! response's status shown.
//!
//! The harness's HTTP peer serves `/bytes/20000` (20000 bytes of `a`…`z`
//! repeated); the program fetches `http://{host}:{port}/bytes/20000` and
//! writes the body to the file named by `WORKBOOK_OUT` (the seed names its
//! file in the code; a path from the harness keeps the download out of
//! the working directory). Graded: one request with Host, the file equal
//! to the body byte for byte, the status printed (a SHOULD: the seed shows
//! the whole response table), exit status 0.
//!
//! # Layout
//! - `grade`: the checks; `GrabFile`: the case.

use std::net::SocketAddr;
use std::path::Path;

use super::common::client::{SETTLE, all_ended, first_conn};
use super::common::reproduce::shown_command;
use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, ProgramRun, Role, Running, Session};
use harness::failure::bytes_mismatch;
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct GrabFile;

/// What is fetched, and its size.
const PATH: &str = "/bytes/20000";
/// The port shown in reproduce lines.
const SHOWN_PORT: u16 = 8080;

/// The checks of one run, given the file it wrote (if any).
fn grade(t: &Transcript, run: &ProgramRun, file: Option<Vec<u8>>) -> Vec<Check> {
    let Some(conn) = first_conn(t) else {
        let detail = format!("no request came ({})", run.describe_exit());
        return vec![
            Check::must(format!("asks for {PATH}"), false, detail),
            exit_check(run),
        ];
    };
    let request = String::from_utf8_lossy(&t.bytes(conn, Side::Client)).to_string();
    let asked = request.starts_with(&format!("GET {PATH} HTTP/1."));
    let host = request
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("host:"));
    let answer = t.bytes(conn, Side::Server);
    let body = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(&answer[..0], |i| &answer[i + 4..]);
    let (saved, detail) = match &file {
        Some(got) => (got.as_slice() == body, bytes_mismatch(body, got)),
        None => (false, "there is no file at WORKBOOK_OUT".to_string()),
    };
    let stdout = String::from_utf8_lossy(&run.stdout);
    vec![
        Check::must(
            format!("asks for {PATH} with GET, naming the Host"),
            asked && host,
            format!(
                "the request began \"{}\"",
                request.lines().next().unwrap_or_default()
            ),
        ),
        Check::must(
            "writes the body to WORKBOOK_OUT, byte for byte",
            saved,
            detail,
        ),
        Check::should(
            "prints the status (200)",
            stdout.contains("200"),
            "stdout does not show the status code",
        ),
        exit_check(run),
    ]
}

impl Case for GrabFile {
    fn info(&self) -> CaseInfo {
        let mut info = case_info(
            "grab-file",
            "your program (002's http_01) downloads http://{host}:{port}/bytes/20000 into the file WORKBOOK_OUT and prints the status",
            Role::Client,
            &["the http peer (/bytes/N: N bytes of a..z)"],
            120,
            "cargo run -q -p chapter-05 --bin grab_file",
        )
        .seed("002 http_01 (http.request: grabbing a file)")
        .var("WORKBOOK_OUT", "the file to write the body to (the seed names its own)", "/tmp/.tmpAbC123/download")
        .file("$WORKBOOK_OUT: the downloaded body, exactly 20000 bytes")
        .must("asks for /bytes/20000 with GET and a Host header", "RFC 9110 §9.3.1; RFC 9112 §3.2")
        .must("writes the body to WORKBOOK_OUT byte for byte", "002 http_01 (ltn12.sink.file)")
        .should("prints the response's status code", "002 http_01 (shows the response)")
        .must("exits with status 0", "the case");
        // The output file comes from the environment: a shell passes it
        // to our program's -o (one word with spaces, so built by hand).
        info.our_program = Some(
            [
                "sh",
                "-c",
                "exec cargo run -q -p chapter-05 --bin grab_file -- \"$0\" -o \"$WORKBOOK_OUT\"",
                "http://{host}:{port}/bytes/20000",
            ]
            .map(String::from)
            .to_vec(),
        );
        info
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = harness::http::start(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            harness::fault::FaultPlan::none(),
            harness::peer::PeerConfig::default(),
        )?;
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("download");
        let program = super::common::env::with_env(
            &session.program,
            &[("WORKBOOK_OUT", out.display().to_string())],
        );
        let endpoints = [
            Endpoint::new("WORKBOOK", peer.addr()),
            Endpoint::new("HTTP", peer.addr()),
        ];
        let run = Running::spawn(&program, &endpoints, None, session.time_limit)?.wait();
        peer.recorder().wait_for(SETTLE, all_ended);
        let transcript = peer.stop();
        let file = read_capped(&out);
        let checks = grade(&transcript, &run, file);
        let mut outcome = toml::Table::new();
        let saved = checks.get(1).is_some_and(|c| c.grade == Grade::Ok);
        outcome.insert("saved_body".into(), saved.into());
        outcome.insert("exit_status".into(), exit_status(&run).into());
        let reproduce = vec![
            format!("cargo workbook peer http --port {SHOWN_PORT}    # in one terminal"),
            format!(
                "WORKBOOK_OUT=download {}    # in another",
                shown_command(session, SHOWN_PORT, &[])
            ),
        ];
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce,
            ..Evidence::default()
        })
    }
}

/// The file at `path`, if there is one of sane size (a runaway program
/// must not make the harness read gigabytes).
fn read_capped(path: &Path) -> Option<Vec<u8>> {
    let len = std::fs::metadata(path).ok()?.len();
    (len <= 16 << 20)
        .then(|| std::fs::read(path).ok())
        .flatten()
}
