//! `smtp-client`: the program sends the seed's Moonlight message through the
//! harness's fake SMTP server at `SMTP_HOST`:`SMTP_PORT` (also `{host}`,
//! `{port}`), logging in with `SMTP_USER`/`SMTP_PASS` (AUTH PLAIN or LOGIN),
//! and exits with status 0.
//!
//! The addresses come from the environment too, so nothing the program
//! must send is hidden in this file ([`ADDRESSES`], values as in the seed):
//! `SMTP_FROM` (the sender), `SMTP_TO` and `SMTP_CC` (comma-separated
//! lists, shown in To: and Cc:) and `SMTP_BCC` (the blind copy: in the
//! envelope only). A port of the seed that writes the seed's addresses
//! into its code sends exactly these.
//!
//! Checked: the dialogue (EHLO, AUTH, MAIL, one RCPT per recipient, DATA,
//! QUIT, CRLF line ends), the envelope (MAIL FROM `SMTP_FROM`, RCPT TO
//! every address of `SMTP_TO`, `SMTP_CC` and `SMTP_BCC`), and the message
//! as parsed: From, To, Cc, Subject, the verse in the body, no header
//! naming the blind copy, Date and Message-ID (a SHOULD). The password must
//! not be printed. The comparison with the reference is by meaning: command verbs,
//! envelope addresses (recipients sorted), the message reduced to a marker.

use super::common::client::SETTLE;
use super::common::env::{check_secret, secret_assignment, secret_note, with_env};
use super::common::reproduce::{env_prefix, peer_lines};
use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session, shell};
use harness::smtp::accounts::{TEST_PASSWORD, TEST_USER};
use harness::smtp::{Delivery, FakeSmtp, SmtpOptions, parse};
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct SmtpClient;

/// The environment variables naming the addresses, with their values (the
/// seed program's addresses): lists are comma-separated.
pub const ADDRESSES: [(&str, &str); 4] = [
    ("SMTP_FROM", "puck@fairy.example"),
    ("SMTP_TO", "oberon@fairy.example,titania@fairy.example"),
    ("SMTP_CC", "william@globe.example"),
    ("SMTP_BCC", "bottom@athens.example"),
];

/// The addresses of variable `var` of [`ADDRESSES`].
fn addresses(var: &str) -> Vec<&'static str> {
    let value = ADDRESSES.iter().find(|(v, _)| *v == var).map(|(_, a)| *a);
    value.unwrap_or_default().split(',').collect()
}

/// The sender, `SMTP_FROM`.
fn sender() -> &'static str {
    addresses("SMTP_FROM")[0]
}

/// Every envelope recipient: `SMTP_TO`, `SMTP_CC`, then `SMTP_BCC`.
fn recipients() -> Vec<&'static str> {
    ["SMTP_TO", "SMTP_CC", "SMTP_BCC"]
        .into_iter()
        .flat_map(addresses)
        .collect()
}
/// The verse the body must hold (Shakespeare, public domain).
pub const VERSE: [&str; 4] = [
    "Now the hungry lion roars,",
    "And the wolf behowls the moon;",
    "Whilst the heavy ploughman snores,",
    "All with weary task foredone.",
];
const SHOWN_PORT: u16 = 2525;

/// The message checks: headers for display, envelope for delivery.
fn check_message(d: &Delivery) -> Vec<Check> {
    let m = parse::parse(&d.data);
    let has = |name: &str, needle: &str| m.all(name).iter().any(|v| v.contains(needle));
    let body = String::from_utf8_lossy(&m.body).replace("\r\n", "\n");
    let missing: Vec<&str> = VERSE
        .iter()
        .copied()
        .filter(|l| !body.contains(l))
        .collect();
    let bcc = addresses("SMTP_BCC");
    let leaks: Vec<String> = m
        .headers
        .iter()
        .filter(|(n, v)| n.eq_ignore_ascii_case("bcc") || bcc.iter().any(|a| v.contains(a)))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    let names_all = |field: &str, var: &str| addresses(var).iter().all(|a| has(field, a));
    let shown = |field: &str, var: &str| {
        let want = addresses(var).join(", ");
        format!("{field}: {:?}; {var} is {want}", m.get(field))
    };
    vec![
        Check::must(
            "From: names SMTP_FROM",
            has("From", sender()),
            shown("From", "SMTP_FROM"),
        ),
        Check::must(
            "To: names every SMTP_TO address",
            names_all("To", "SMTP_TO"),
            shown("To", "SMTP_TO"),
        ),
        Check::must(
            "Cc: names every SMTP_CC address",
            names_all("Cc", "SMTP_CC"),
            shown("Cc", "SMTP_CC"),
        ),
        Check::must(
            "Subject: is Moonlight",
            m.get("Subject") == Some("Moonlight"),
            format!("Subject: {:?}", m.get("Subject")),
        ),
        Check::must(
            "the body holds the verse",
            missing.is_empty(),
            format!("missing lines: {missing:?}"),
        ),
        Check::must(
            "no header reveals the blind copy, SMTP_BCC (and there is no Bcc: header)",
            leaks.is_empty(),
            format!("the envelope delivers the blind copy; these headers show it: {leaks:?}"),
        ),
        Check::should(
            "has Date: and Message-ID:",
            m.get("Date").is_some() && m.get("Message-ID").is_some(),
            "RFC 5322 §3.6: Date is required, Message-ID should be there (§3.6.4)",
        ),
    ]
}

/// The envelope and login checks.
fn check_envelope(d: &Delivery) -> Vec<Check> {
    let mut got: Vec<&str> = d.rcpt.iter().map(String::as_str).collect();
    got.sort_unstable();
    let mut want = recipients();
    want.sort_unstable();
    vec![
        Check::must(
            "logs in as SMTP_USER",
            d.user.as_deref() == Some(TEST_USER),
            "the message was sent without AUTH",
        ),
        Check::must(
            "MAIL FROM is SMTP_FROM",
            d.from == sender(),
            format!("MAIL FROM:<{}>; SMTP_FROM is {}", d.from, sender()),
        ),
        Check::must(
            "RCPT TO names every recipient once, the blind copy included",
            got == want,
            format!("expected {want:?} (SMTP_TO, SMTP_CC and SMTP_BCC), got {got:?}"),
        ),
    ]
}

/// Where the first LF without a CR before it is in `sent`, if anywhere.
fn first_bare_lf(sent: &[u8]) -> Option<usize> {
    sent.iter()
        .enumerate()
        .position(|(i, &b)| b == b'\n' && (i == 0 || sent[i - 1] != b'\r'))
}

/// Why a bare LF at `at` fails, saying whether it was in a command or in
/// the message, since the seed's program makes the second mistake.
fn bare_lf_detail(sent: &[u8], at: usize) -> String {
    let rule = "RFC 5321 §2.3.8: SMTP lines end in CRLF, and a client MUST NOT send a bare LF";
    let text = String::from_utf8_lossy(&sent[..at]).to_ascii_uppercase();
    let in_message = text.contains("\r\nDATA\r\n");
    let line_start = sent[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = harness::failure::escape(&sent[line_start..=at]);
    if in_message {
        format!(
            "a line of the message (after DATA) ends in a bare LF: \"{line}\"\n{rule} \
             (§4.5.2 for the message). LuaSocket's smtp.send, which the seed uses, sends \
             the message's own line ends unchanged; convert them to CRLF first (in \
             LuaSocket: ltn12.filter.chain with mime.normalize())"
        )
    } else {
        format!("a command ends in a bare LF: \"{line}\"\n{rule}")
    }
}

/// The dialogue checks (verbs in order, CRLF).
fn check_dialogue(t: &Transcript) -> Vec<Check> {
    let sent = t.bytes(1, Side::Client);
    let text = String::from_utf8_lossy(&sent);
    let first = text
        .split("\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let bare_lf = first_bare_lf(&sent);
    vec![
        Check::should(
            "greets with EHLO",
            first.starts_with("EHLO "),
            format!(
                "it began with {first:?}; RFC 5321 §4.1.1.1: a client SHOULD start with EHLO \
                 (HELO only for servers that refuse EHLO)"
            ),
        ),
        Check::must(
            "ends every line with CRLF",
            bare_lf.is_none(),
            bare_lf
                .map(|at| bare_lf_detail(&sent, at))
                .unwrap_or_default(),
        ),
        Check::should(
            "says QUIT",
            text.to_ascii_uppercase().contains("\r\nQUIT\r\n"),
            "it closed without QUIT; RFC 5321 §4.1.1.10: the client sends QUIT before closing",
        ),
    ]
}

fn grade(smtp: &FakeSmtp, t: &Transcript, run: &ProgramRun) -> Vec<Check> {
    let mut checks = Vec::new();
    match smtp.deliveries().first() {
        None => checks.push(Check::must(
            "delivers one message",
            false,
            format!(
                "the server accepted no message ({}); stderr:\n{}",
                run.describe_exit(),
                run.stderr_tail(10)
            ),
        )),
        Some(d) => {
            checks.push(Check::ok("delivers one message"));
            checks.extend(check_dialogue(t));
            checks.extend(check_envelope(d));
            checks.extend(check_message(d));
        }
    }
    checks.push(check_secret(run, TEST_PASSWORD, "SMTP_PASS"));
    checks.push(exit_check(run));
    checks
}

fn outcome(smtp: &FakeSmtp, run: &ProgramRun) -> toml::Table {
    let mut table = toml::Table::new();
    if let Some(d) = smtp.deliveries().first() {
        let mut rcpt = d.rcpt.clone();
        rcpt.sort();
        table.insert("mail_from".into(), d.from.clone().into());
        table.insert("rcpt_to".into(), rcpt.into());
        let subject = parse::parse(&d.data)
            .get("Subject")
            .unwrap_or_default()
            .to_string();
        table.insert("subject".into(), subject.into());
    }
    table.insert("exit_status".into(), exit_status(run).into());
    table
}

/// One client line reduced to its meaning.
fn meaning(line: &str) -> String {
    let upper = line.to_ascii_uppercase();
    let verb = upper.split_whitespace().next().unwrap_or_default();
    match verb {
        "EHLO" | "HELO" | "AUTH" | "DATA" | "QUIT" | "RSET" => verb.to_string(),
        "MAIL" | "RCPT" => {
            let addr = line.split(['<', '>']).nth(1).unwrap_or_default();
            format!("{verb} <{}>", addr.to_ascii_lowercase())
        }
        _ => format!("other {verb}"),
    }
}

impl Case for SmtpClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "smtp-client",
            "your program sends the Moonlight message via SMTP_HOST:SMTP_PORT as SMTP_USER/SMTP_PASS, from SMTP_FROM to SMTP_TO, SMTP_CC and SMTP_BCC (the blind copy in the envelope only)",
            Role::Client,
            &["the fake SMTP server"],
            60,
            "cargo run -q -p chapter-07 --bin smtp_send",
        )
        .seed("002 smtp_01 (sending mail)")
        .var("SMTP_HOST", "the SMTP server's address", "127.0.0.1")
        .var("SMTP_PORT", "the SMTP server's port", "40123")
        .var("SMTP_USER", "the account to log in as", "puck")
        .var("SMTP_PASS", "its password (never print it)", "(see fixtures/mail/accounts.toml)")
        .var("SMTP_FROM", "the sender", "puck@fairy.example")
        .var("SMTP_TO", "To: recipients, comma-separated", "oberon@fairy.example,titania@fairy.example")
        .var("SMTP_CC", "Cc: recipients, comma-separated", "william@globe.example")
        .var("SMTP_BCC", "the blind copy: envelope only", "bottom@athens.example")
        .must("greets with EHLO and logs in as SMTP_USER (AUTH PLAIN or LOGIN)", "RFC 5321 §4.1.1.1; RFC 4954 §4")
        .must("MAIL FROM is SMTP_FROM; RCPT TO names every recipient once, the blind copy included", "RFC 5321 §3.3")
        .must("From:, To:, Cc:, Subject: Moonlight and the verse in the body", "RFC 5322 §3.6")
        .must("no header reveals the blind copy", "RFC 5322 §3.6.3")
        .should("has Date: and Message-ID:", "RFC 5322 §3.6.1, §3.6.4")
        .must("ends every line with CRLF, delivers one message, says QUIT", "RFC 5321 §2.3.8, §4.1.1.10")
        .must("never prints the password", "the workbook's secrets rule")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let smtp = harness::smtp::start_with(SmtpOptions::default())?;
        let addr = smtp.addr();
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("SMTP", addr)];
        let mut vars = vec![
            ("SMTP_USER", TEST_USER.to_string()),
            ("SMTP_PASS", TEST_PASSWORD.to_string()),
        ];
        vars.extend(ADDRESSES.iter().map(|(k, v)| (*k, v.to_string())));
        let program = with_env(&session.program, &vars);
        let run = Running::spawn(&program, &endpoints, None, session.time_limit)?.wait();
        smtp.recorder().wait_for(SETTLE, |events| {
            events.iter().any(|e| {
                matches!(
                    e,
                    harness::transcript::Event::Close { .. }
                        | harness::transcript::Event::HalfClose { .. }
                )
            })
        });
        let checks = grade(&smtp, &smtp.transcript(), &run);
        let outcome = outcome(&smtp, &run);
        let transcript = smtp.stop();
        Ok(Evidence {
            checks,
            outcome,
            transcript: Some(transcript),
            run: Some(run),
            reproduce: reproduce_lines(session),
            seed: None,
        })
    }

    /// The client's commands by meaning: verbs, addresses (recipients
    /// sorted), the message reduced to one line. Greeting names, AUTH
    /// mechanisms and header order are the program's own business.
    fn normalise(&self, transcript: &Transcript) -> String {
        let sent = transcript.bytes(1, Side::Client);
        let text = String::from_utf8_lossy(&sent);
        let mut out = Vec::new();
        let mut rcpt = Vec::new();
        let mut in_data = false;
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            if in_data {
                in_data = line != ".";
                continue;
            }
            let m = meaning(line);
            if m.starts_with("RCPT") {
                rcpt.push(m);
                continue;
            }
            rcpt.sort();
            out.append(&mut rcpt);
            // SASL responses after AUTH (redacted anyway) are not commands.
            if m.starts_with("other") && out.last().is_some_and(|l| l == "AUTH") {
                continue;
            }
            in_data = m == "DATA";
            out.push(m);
            if in_data {
                out.push("<message>".into());
            }
        }
        rcpt.sort();
        out.append(&mut rcpt);
        out.join("\n") + "\n"
    }
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let account = shell::assignments(&[("SMTP_USER", TEST_USER)]) + &secret_assignment("SMTP_PASS");
    let addresses = shell::assignments(&ADDRESSES);
    let env = format!("{}{account}{addresses}", env_prefix("SMTP", SHOWN_PORT));
    let mut lines = vec![secret_note("SMTP_PASS")];
    lines.extend(peer_lines(session, "smtp", SHOWN_PORT, &["SMTP"], &env));
    lines
}
