//! `smtp-server`: the program is an SMTP server. It listens on `{port}`
//! (`WORKBOOK_PORT`, `SMTP_PORT`) on 127.0.0.1; if it offers AUTH PLAIN it
//! should accept the login `SMTP_USER`/`SMTP_PASS`; it may store what it
//! accepts under `$SMTP_STORE/<mailbox>/<NNNN>.eml` (the layout of
//! `fixtures/mail/`; the mailbox is the address's local part), or as a
//! Maildir, `$SMTP_STORE/<mailbox>/new/` (trace fields and LF line ends
//! allowed there: `common::mail_store`).
//!
//! The harness greets it and, only when its EHLO reply advertises AUTH
//! with PLAIN, logs in (a SHOULD: RFC 5321 does not require AUTH at all,
//! and RFC 4954 §4 lets a server refuse it without TLS, as stock aiosmtpd
//! does with 538). Then it tries RCPT before MAIL (must be refused, best
//! with 503), sends a message with a dot-stuffed line to two
//! recipients, sends an unknown command (5xx, best 500) and QUIT (221, then
//! the server closes). Stored copies, if any, must equal the message with
//! its dots unstuffed. The comparison with the reference is by meaning: our
//! lines as sent, the server's replies reduced to their class (`2xx`, `5xx`),
//! without the AUTH exchange (which depends on what the server offers).

use std::path::Path;
use std::time::Instant;

use super::common::env::{mail_program, secret_assignment, secret_note};
use super::common::mail_store::{Layout, first_copy, same_message};
use super::common::reproduce::start_line;
use super::common::script::{one_client, sent_lines};
use super::common::server::Server;
use super::common::{case_info, passed};
use crate::client::LineClient;
use crate::{Case, CaseInfo, Check, Evidence, Role, Session, shell};
use harness::failure::escape;
use harness::smtp::accounts::{TEST_PASSWORD, TEST_USER};
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct SmtpServer;

const SHOWN_PORT: u16 = 2525;
/// The message as sent (dot-stuffed) and as it must be stored.
const SENT: &str = "From: Puck <puck@fairy.example>\r\nTo: Oberon <oberon@fairy.example>\r\nSubject: Moonlight\r\n\r\n..a line that starts with a dot\r\nNow the hungry lion roars,\r\n.\r\n";
const STORED: &str = "From: Puck <puck@fairy.example>\r\nTo: Oberon <oberon@fairy.example>\r\nSubject: Moonlight\r\n\r\n.a line that starts with a dot\r\nNow the hungry lion roars,\r\n";

/// The AUTH step's marker in [`STEPS`] (its command is [`auth_plain`]).
const AUTH: &str = "AUTH";
/// What the AUTH step checks.
const AUTH_WHAT: &str =
    "accepts the login SMTP_USER/SMTP_PASS with AUTH PLAIN, which it advertises (RFC 4954 §4)";

/// `AUTH PLAIN <base64 of \0user\0password>` (RFC 4616 §2) for the test account.
fn auth_plain() -> String {
    let token = harness::mail::sasl::plain_response(TEST_USER, TEST_PASSWORD);
    format!("AUTH PLAIN {token}\r\n")
}

/// What the EHLO reply said about AUTH (RFC 4954 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Offer {
    /// Not known yet (before EHLO).
    Unknown,
    /// AUTH with PLAIN among its mechanisms: graded.
    Plain,
    /// No AUTH, or AUTH without PLAIN (the words of its AUTH line).
    NotPlain(String),
}

/// What an EHLO reply offers for AUTH.
fn auth_offer(reply: &str) -> Offer {
    let auth = reply.lines().find_map(|l| {
        let words = l.get(4..)?.trim();
        let (keyword, mechanisms) = words.split_once(' ').unwrap_or((words, ""));
        keyword
            .eq_ignore_ascii_case("AUTH")
            .then(|| mechanisms.to_string())
    });
    match auth {
        Some(m)
            if m.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("PLAIN")) =>
        {
            Offer::Plain
        }
        Some(m) => Offer::NotPlain(format!("it offers AUTH {m}, without PLAIN")),
        None => Offer::NotPlain("its EHLO reply does not advertise AUTH".into()),
    }
}

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
    // Sent only when EHLO advertised AUTH PLAIN ([`AUTH_WHAT`]); the
    // command is built from the test account (SMTP_USER/SMTP_PASS).
    Step {
        send: AUTH,
        must: '2',
        should: 235,
        what: AUTH_WHAT,
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

/// The section of RFC 5321 (or 4954) that a step's command follows.
fn rule(send: &str) -> &'static str {
    let verb = send.split_whitespace().next().unwrap_or_default();
    match verb {
        "" => "RFC 5321 §3.1, §4.2: the server greets with 220",
        "EHLO" => "RFC 5321 §4.1.1.1",
        "AUTH" => "RFC 4954 §4",
        "MAIL" => "RFC 5321 §4.1.1.2",
        "RCPT" => "RFC 5321 §4.1.1.3; before MAIL: §4.1.4, §4.3.2 (503 bad sequence)",
        "DATA" => "RFC 5321 §4.1.1.4",
        "QUIT" => "RFC 5321 §4.1.1.10",
        "FROB" => "RFC 5321 §4.2.4: an unknown command gets 500",
        _ => "RFC 5321 §4.1.1.4 (the end of data) and §4.5.2 (dot-stuffing)",
    }
}

/// [`reply_check`] with the RFC section the step follows added to a
/// failure or warning.
fn run_step(client: &mut LineClient, step: &Step, until: Instant, offer: &mut Offer) -> Check {
    let mut check = reply_check(client, step, until, offer);
    if !check.detail.is_empty() {
        check.detail = format!("{}\n{}", check.detail, rule(step.send));
    }
    check
}

/// Sends one step's command (none for the greeting) and grades the reply;
/// notes what EHLO offers, and logs in only when it offers AUTH PLAIN.
fn reply_check(client: &mut LineClient, step: &Step, until: Instant, offer: &mut Offer) -> Check {
    let command = match step.send {
        AUTH => match offer {
            Offer::Plain => auth_plain(),
            Offer::NotPlain(why) => {
                return Check::ok(format!(
                    "AUTH not graded: {why} (RFC 5321 does not require it)"
                ));
            }
            Offer::Unknown => unreachable!("EHLO comes before AUTH in STEPS"),
        },
        send => send.to_string(),
    };
    if !command.is_empty()
        && let Err(e) = client.send(&[command.as_bytes()])
    {
        return Check::must(step.what, false, e.to_string());
    }
    match read_reply(client, until) {
        Ok(reply) if step.send == AUTH => {
            // Graded as a SHOULD: refusing a login is the server's right.
            let detail = format!("expected 235, got \"{}\"", escape(reply.as_bytes()));
            Check::should(step.what, reply.starts_with('2'), detail)
        }
        Ok(reply) => {
            if step.send.starts_with("EHLO") {
                *offer = auth_offer(&reply);
            }
            grade_reply(step, &reply)
        }
        Err(why) => Check::must(step.what, false, why),
    }
}

/// Checks the stored copies, if the program keeps a store: one per
/// recipient mailbox, numbered or Maildir (`common::mail_store`).
fn check_store(store: &Path) -> Vec<Check> {
    let mailboxes = ["oberon", "bottom"];
    let copies: Vec<_> = mailboxes.iter().map(|m| first_copy(store, m)).collect();
    if copies.iter().any(Option::is_none) {
        let why = "no copy under $SMTP_STORE/oberon/ and bottom/, as 0001.eml or in a Maildir's new/ (see fixtures/mail/README.md)";
        return vec![Check::should(
            "stores one copy per recipient in $SMTP_STORE",
            false,
            why,
        )];
    }
    let found = mailboxes.iter().zip(copies.into_iter().flatten());
    found
        .map(|(mailbox, (path, layout))| {
            let got = std::fs::read(store.join(&path)).unwrap_or_default();
            let detail = harness::failure::bytes_mismatch(STORED.as_bytes(), &got);
            let name = match layout {
                Layout::Numbered => path.display().to_string(),
                Layout::Maildir => format!("{mailbox}'s Maildir copy"),
            };
            Check::must(
                format!("stores {name} unstuffed, byte for byte"),
                same_message(&got, STORED, layout),
                detail,
            )
        })
        .collect()
}

impl Case for SmtpServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "smtp-server",
            "your program is an SMTP server on {port}: command order, dot-stuffing, QUIT; AUTH PLAIN as SMTP_USER/SMTP_PASS if it offers AUTH",
            Role::Server,
            &["an SMTP client"],
            60,
            "cargo workbook peer smtp --port {port}",
        )
        .var("SMTP_PORT", "the port to listen on (same as WORKBOOK_PORT)", "40123")
        .var("SMTP_USER", "the account AUTH PLAIN should accept", "puck")
        .var("SMTP_PASS", "its password (never print it)", "(see fixtures/mail/accounts.toml)")
        .var("SMTP_STORE", "where it may store what it accepts", "/tmp/.tmpXyZ/store")
        .file("$SMTP_STORE/<mailbox>/<NNNN>.eml, or the Maildir $SMTP_STORE/<mailbox>/new/<unique name>: one copy per recipient, dots unstuffed (fixtures/mail/README.md)")
        .must("greets with 220 and answers EHLO with 250", "RFC 5321 §4.2, §4.1.1.1")
        .should("accepts AUTH PLAIN as SMTP_USER/SMTP_PASS when it advertises it", "RFC 4954 §4")
        .must("refuses RCPT before MAIL (best with 503)", "RFC 5321 §4.1.4")
        .must("accepts a message to two recipients and unstuffs its dots", "RFC 5321 §4.5.2")
        .must("refuses an unknown command with 5xx (best 500)", "RFC 5321 §4.2.4")
        .must("answers QUIT with 221 and closes", "RFC 5321 §4.1.1.10")
        .must("stored copies, if any, equal the message byte for byte", "RFC 5321 §4.5.2")
        .must("never prints the password", "the workbook's secrets rule")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let store = tempfile::tempdir()?;
        let account = (TEST_USER, TEST_PASSWORD);
        let program = mail_program(&session.program, "SMTP", account, store.path());
        let mut server = Server::start(&program, "smtp-server", &["SMTP"], session.time_limit)?;
        let mut offer = Offer::Unknown;
        let mut checks = server.converse(|addr, recorder, until| {
            let run = |c: &mut LineClient, s: &Step, u| run_step(c, s, u, &mut offer);
            one_client(addr, recorder, until, STEPS, run)
        });
        if passed(&checks) {
            checks.extend(check_store(store.path()));
        }
        Ok(server.evidence(checks, reproduce_lines(session)))
    }

    /// Our lines as they are; the server's replies as their class, so any
    /// correct wording passes; the AUTH command and its reply (the third)
    /// are left out, since AUTH happens only when the server offers it.
    fn normalise(&self, transcript: &Transcript) -> String {
        let sent = sent_lines(transcript);
        let authed = sent.lines().any(|l| l.starts_with("C> AUTH "));
        let mut out: String = sent
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("C> AUTH "))
            .collect();
        let server = String::from_utf8_lossy(&transcript.bytes(1, Side::Server)).to_string();
        let replies = server
            .split_inclusive("\r\n")
            .filter(|l| l.as_bytes().get(3) != Some(&b'-'));
        for (i, line) in replies.enumerate() {
            if !(authed && i == 2) {
                out.push_str(&format!("S> {}xx\n", line.chars().next().unwrap_or('?')));
            }
        }
        out
    }
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let env = format!(
        "{}{}{}",
        shell::assignments(&[("SMTP_USER", TEST_USER)]),
        secret_assignment("SMTP_PASS"),
        shell::assignments(&[("SMTP_STORE", "/tmp/mail")])
    );
    let server = format!("127.0.0.1:{SHOWN_PORT}");
    let send = shell::line(&[
        "swaks",
        "--server",
        &server,
        "--auth",
        "PLAIN",
        "--auth-user",
        TEST_USER,
        "--to",
        "oberon@fairy.example",
    ]);
    vec![
        secret_note("SMTP_PASS"),
        start_line(session, SHOWN_PORT, &["SMTP"], &env),
        format!("{send} --auth-password \"$SMTP_PASS\"    # send a message"),
    ]
}
