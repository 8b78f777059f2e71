//! `smtp-server`: the program is an SMTP server. It listens on `{port}`
//! (`WORKBOOK_PORT`, `SMTP_PORT`) on 127.0.0.1, accepts the login
//! `SMTP_USER`/`SMTP_PASS` with AUTH PLAIN, and stores what it accepts under
//! `$SMTP_STORE/<mailbox>/<NNNN>.eml` (the layout of `fixtures/mail/`; the
//! mailbox is the address's local part).
//!
//! The harness greets it, logs in, tries RCPT before MAIL (must be refused,
//! best with 503), sends a message with a dot-stuffed line to two
//! recipients, sends an unknown command (5xx, best 500) and QUIT (221, then
//! the server closes). Stored copies, if any, must equal the message with
//! its dots unstuffed. The comparison with the reference is by meaning: our
//! lines as sent, the server's replies reduced to their class (`2xx`, `5xx`).

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use super::smtp_client::with_env;
use crate::conform::client::LineClient;
use crate::conform::process::{free_port, shell_line, substitute};
use crate::conform::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, Role, Running, Session};
use crate::failure::escape;
use crate::smtp::accounts::{TEST_PASSWORD, TEST_USER};
use crate::transcript::{Recorder, Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct SmtpServer;

const SHOWN_PORT: u16 = 2525;
/// The message as sent (dot-stuffed) and as it must be stored.
const SENT: &str = "From: Puck <puck@fairy.example>\r\nTo: Oberon <oberon@fairy.example>\r\nSubject: Moonlight\r\n\r\n..a line that starts with a dot\r\nNow the hungry lion roars,\r\n.\r\n";
const STORED: &str = "From: Puck <puck@fairy.example>\r\nTo: Oberon <oberon@fairy.example>\r\nSubject: Moonlight\r\n\r\n.a line that starts with a dot\r\nNow the hungry lion roars,\r\n";

/// One step: what to send, the reply class required, the code preferred.
struct Step {
    send: &'static str,
    must: char,
    should: u16,
    what: &'static str,
}

const STEPS: &[Step] = &[
    Step {
        send: "",
        must: '2',
        should: 220,
        what: "greets with 220",
    },
    Step {
        send: "EHLO conform.workbook.test\r\n",
        must: '2',
        should: 250,
        what: "answers EHLO with 250",
    },
    // `\0puck\0goodfellow` in base64: the test account (SMTP_USER/SMTP_PASS).
    Step {
        send: "AUTH PLAIN AHB1Y2sAZ29vZGZlbGxvdw==\r\n",
        must: '2',
        should: 235,
        what: "accepts AUTH PLAIN for SMTP_USER",
    },
    Step {
        send: "RCPT TO:<oberon@fairy.example>\r\n",
        must: '5',
        should: 503,
        what: "refuses RCPT before MAIL (503)",
    },
    Step {
        send: "MAIL FROM:<puck@fairy.example>\r\n",
        must: '2',
        should: 250,
        what: "accepts MAIL FROM",
    },
    Step {
        send: "RCPT TO:<oberon@fairy.example>\r\n",
        must: '2',
        should: 250,
        what: "accepts the first RCPT TO",
    },
    Step {
        send: "RCPT TO:<bottom@athens.example>\r\n",
        must: '2',
        should: 250,
        what: "accepts the second RCPT TO",
    },
    Step {
        send: "DATA\r\n",
        must: '3',
        should: 354,
        what: "answers DATA with 354",
    },
    Step {
        send: SENT,
        must: '2',
        should: 250,
        what: "accepts the message at the final dot",
    },
    Step {
        send: "FROB\r\n",
        must: '5',
        should: 500,
        what: "refuses an unknown command (500)",
    },
    Step {
        send: "QUIT\r\n",
        must: '2',
        should: 221,
        what: "answers QUIT with 221",
    },
];

/// Reads one reply (all its lines); the first line's text for reports.
fn read_reply(client: &mut LineClient, until: Instant) -> Result<String, String> {
    let mut all = String::new();
    for _ in 0..100 {
        let line = client.read_line(until).map_err(|e| e.describe())?;
        let text = String::from_utf8_lossy(&line).to_string();
        all.push_str(&text);
        if text.as_bytes().get(3) != Some(&b'-') {
            return Ok(all);
        }
    }
    Err(format!(
        "a reply of more than 100 lines: {}",
        escape(all.as_bytes())
    ))
}

/// Grades one reply against a step.
fn grade_reply(step: &Step, reply: &str) -> Check {
    let code: u16 = reply.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
    let first = reply.lines().next().unwrap_or_default();
    if !reply.starts_with(step.must) || !reply.ends_with("\r\n") {
        let detail = format!(
            "expected a {}xx reply ending in CRLF, got \"{}\"",
            step.must,
            escape(reply.as_bytes())
        );
        return Check::must(step.what, false, detail);
    }
    Check::should(
        step.what,
        code == step.should,
        format!("expected {}, got {first:?}", step.should),
    )
}

fn converse(addr: SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let mut client = match LineClient::connect(addr, recorder, "client-1") {
        Ok(c) => c,
        Err(e) => return vec![Check::must("accepts a connection", false, e.to_string())],
    };
    let mut checks = Vec::new();
    for step in STEPS {
        if !step.send.is_empty()
            && let Err(e) = client.send(&[step.send.as_bytes()])
        {
            checks.push(Check::must(step.what, false, e.to_string()));
            return checks;
        }
        let check = match read_reply(&mut client, until) {
            Ok(reply) => grade_reply(step, &reply),
            Err(why) => Check::must(step.what, false, why),
        };
        let failed = check.grade == Grade::Failed;
        checks.push(check);
        if failed {
            return checks;
        }
    }
    checks.push(super::echo_server::check_close(&mut client, until));
    checks
}

/// Checks the stored copies, if the program keeps a store.
fn check_store(store: &Path) -> Vec<Check> {
    let names = ["oberon/0001.eml", "bottom/0001.eml"];
    if !names.iter().all(|n| store.join(n).exists()) {
        let why = "nothing under $SMTP_STORE/oberon/0001.eml and bottom/0001.eml (see fixtures/mail/README.md)";
        return vec![Check::should(
            "stores one copy per recipient in $SMTP_STORE",
            false,
            why,
        )];
    }
    names
        .iter()
        .map(|name| {
            let got = std::fs::read(store.join(name)).unwrap_or_default();
            let detail = crate::failure::bytes_mismatch(STORED.as_bytes(), &got);
            Check::must(
                format!("stores {name} unstuffed, byte for byte"),
                got == STORED.as_bytes(),
                detail,
            )
        })
        .collect()
}

impl Case for SmtpServer {
    fn info(&self) -> CaseInfo {
        CaseInfo {
            name: "smtp-server".into(),
            summary: "your program is an SMTP server on {port}: AUTH PLAIN as SMTP_USER/SMTP_PASS, command order, dot-stuffing, QUIT".into(),
            role: Role::Server,
            peers: vec!["an SMTP client".into()],
            time_limit: Duration::from_secs(60),
            our_program: Some(
                ["cargo", "run", "-q", "-p", "harness", "--", "peer", "smtp", "--port", "{port}"].map(String::from).to_vec(),
            ),
        }
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let store = tempfile::tempdir()?;
        let vars = [
            ("SMTP_USER", TEST_USER.to_string()),
            ("SMTP_PASS", TEST_PASSWORD.to_string()),
            ("SMTP_STORE", store.path().display().to_string()),
        ];
        let program = with_env(&session.program, &vars);
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("SMTP", addr)];
        let mut running = Running::spawn(&program, &endpoints, None, session.time_limit)?;
        let until = running.deadline();
        let recorder = Recorder::new(vec![("case".into(), "smtp-server".into())]);
        let mut checks = Vec::new();
        match running.wait_accepting(addr, until) {
            Ok(()) => {
                checks.push(Check::ok("accepts connections on {port}"));
                checks.extend(converse(addr, &recorder, until));
                if checks.iter().all(|c| c.grade != Grade::Failed) {
                    checks.extend(check_store(store.path()));
                }
            }
            Err(why) => checks.push(Check::must("accepts connections on {port}", false, why)),
        }
        let run = running.finish();
        Ok(Evidence {
            checks,
            transcript: Some(recorder.snapshot()),
            run: Some(run),
            reproduce: reproduce_lines(session),
            ..Evidence::default()
        })
    }

    /// Our lines as they are; the server's replies as their class, so any
    /// correct wording passes.
    fn normalise(&self, transcript: &Transcript) -> String {
        let mut out = String::new();
        let client = String::from_utf8_lossy(&transcript.bytes(1, Side::Client)).to_string();
        let server = String::from_utf8_lossy(&transcript.bytes(1, Side::Server)).to_string();
        for line in client.split_inclusive("\r\n") {
            out.push_str(&format!("C> {}\n", escape(line.as_bytes())));
        }
        for line in server
            .split_inclusive("\r\n")
            .filter(|l| l.as_bytes().get(3) != Some(&b'-'))
        {
            out.push_str(&format!("S> {}xx\n", line.chars().next().unwrap_or('?')));
        }
        out
    }
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], SHOWN_PORT));
    let argv = substitute(
        &session.program.argv,
        &[Endpoint::new("WORKBOOK", addr), Endpoint::new("SMTP", addr)],
    );
    vec![
        format!(
            "SMTP_USER={TEST_USER} SMTP_PASS={TEST_PASSWORD} SMTP_STORE=/tmp/mail {}    # start your server",
            shell_line(&argv)
        ),
        format!(
            "swaks --server 127.0.0.1:{SHOWN_PORT} --auth PLAIN --auth-user {TEST_USER} --auth-password {TEST_PASSWORD} --to oberon@fairy.example    # send a message"
        ),
    ]
}
