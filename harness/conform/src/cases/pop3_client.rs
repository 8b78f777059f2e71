//! `pop3-client-headers` and `pop3-client-body`: the program is a POP3
//! client. It logs in to the harness's fake POP3 server at
//! `POP3_HOST`:`POP3_PORT` (also `{host}`, `{port}`) as
//! `POP3_USER`/`POP3_PASS` (USER/PASS or APOP), and prints, for each of the
//! three messages of the maildrop, `Subject:`, `From:` and `Size:` lines
//! (the seed's `pop_01`; a `Date:` line may be printed too, and is not
//! graded). A header printed as it stands in the message passes; decoding
//! its encoded words (RFC 2047 §6) and unfolding it (RFC 5322 §2.2.3),
//! which the seed's program does not do, is a SHOULD. The body case also prints the body of each message of at
//! most 4096 bytes (the seed's exercise 2) and must not fetch the larger
//! one. Both end with QUIT and delete nothing.
//!
//! The maildrop is `fixtures/mail/titania/`: a message with folded and
//! encoded headers and dot-stuffed body lines, one of 5494 bytes, a short
//! one. The comparison with the reference is by meaning: login, which
//! messages were read with TOP or RETR, QUIT.

use std::time::Duration;

use super::common::client::with_closest;
use super::common::env::{check_secret, secret_assignment, secret_note, with_env};
use super::common::reproduce::{env_prefix, peer_lines};
use super::common::{case_info, exit_status};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session, shell};
use harness::pop3::{FakePop3, Pop3Options, fixture_accounts, start_on_fixtures_with};
use harness::transcript::{Event, Side, Transcript};

/// The maildrop served.
const USER: &str = "titania";
const SHOWN_PORT: u16 = 1110;
const SETTLE: Duration = Duration::from_secs(2);
/// Largest message whose body the body case prints (the seed's limit).
pub const BODY_LIMIT: usize = 4096;

/// The case; `body` selects `pop3-client-body`.
#[derive(Debug, Clone, Copy)]
pub struct Pop3Client {
    /// Whether bodies of small messages must be printed too.
    pub body: bool,
}

/// What the program must print for one message.
struct Expect {
    number: usize,
    size: usize,
    subject: String,
    from: String,
    /// The message as stored (for the headers as they stand).
    text: String,
    body: String,
}

/// Header `name` as it stands in `text`: its first line's value, and the
/// whole value unfolded (RFC 5322 §2.2.3: the CRLF before each
/// continuation line removed), encoded words kept.
fn raw_header(text: &str, name: &str) -> (String, String) {
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.split("\r\n").skip_while(|l| {
        let field = l.split_once(':').map(|(n, _)| n);
        !field.is_some_and(|n| n.eq_ignore_ascii_case(name))
    });
    let first = lines
        .next()
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim());
    let first = first.unwrap_or_default().to_string();
    let rest: String = lines.take_while(|l| l.starts_with([' ', '\t'])).collect();
    let unfolded = format!("{first}{rest}");
    (first, unfolded)
}

fn password() -> String {
    fixture_accounts()
        .list
        .into_iter()
        .find(|a| a.user == USER)
        .map(|a| a.password)
        .unwrap_or_default()
}

/// The maildrop's messages with their decoded headers (as the fixtures
/// README describes them).
fn expected(pop: &FakePop3) -> Vec<Expect> {
    let subjects = [
        "Ill met by moonlight, proud Titania \u{263e}",
        "A long report on the wood",
        "Short and sweet",
    ];
    let froms = [
        "Oberon K\u{f6}nig <oberon@fairy.example>",
        "Puck <puck@fairy.example>",
        "Bottom <bottom@athens.example>",
    ];
    pop.files(USER)
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let bytes = std::fs::read(path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).to_string();
            let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
            Expect {
                number: i + 1,
                size: bytes.len(),
                subject: subjects.get(i).copied().unwrap_or_default().into(),
                from: froms.get(i).copied().unwrap_or_default().into(),
                body: body.replace("\r\n", "\n"),
                text: text.clone(),
            }
        })
        .collect()
}

/// MUST print header `name` of message `m`, decoded or as it stands;
/// SHOULD print it decoded and unfolded, when that differs.
fn check_header(out: &str, m: &Expect, name: &str, decoded: &str) -> Vec<Check> {
    let n = m.number;
    let (first, unfolded) = raw_header(&m.text, name);
    let printed = |value: &str| {
        out.lines()
            .any(|l| l.trim_end() == format!("{name}: {value}"))
    };
    let want = format!("{name}: {decoded}");
    let any = [decoded, &unfolded, &first].into_iter().any(printed);
    let detail =
        format!("expected a line \"{want}\" (or the header as it stands: \"{name}: {unfolded}\")");
    let forms = [
        want.clone(),
        format!("{name}: {unfolded}"),
        format!("{name}: {first}"),
    ];
    let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
    let mut checks = vec![Check::must(
        format!("prints message {n}'s {name}"),
        any,
        with_closest(detail, out, &forms),
    )];
    if any && decoded != unfolded {
        let detail = format!(
            "expected \"{want}\": encoded words decoded (RFC 2047 §6) and the header \
             unfolded (RFC 5322 §2.2.3)"
        );
        checks.push(Check::should(
            format!("prints message {n}'s {name} decoded and unfolded"),
            printed(decoded),
            with_closest(detail, out, &forms),
        ));
    }
    checks
}

fn check_output(out: &str, all: &[Expect], body: bool) -> Vec<Check> {
    let out = out.replace("\r\n", "\n");
    let mut checks = Vec::new();
    for m in all {
        let n = m.number;
        checks.extend(check_header(&out, m, "Subject", &m.subject));
        checks.extend(check_header(&out, m, "From", &m.from));
        checks.push(Check::should(
            format!("prints message {n}'s Size"),
            out.contains(&format!("Size: {}", m.size)),
            with_closest(
                format!("expected a line \"Size: {}\"", m.size),
                &out,
                &[&format!("Size: {}", m.size)],
            ),
        ));
        if body {
            let small = m.size <= BODY_LIMIT;
            let shown = out.contains(m.body.trim_end());
            let what = if small { "prints" } else { "does not print" };
            checks.push(Check::must(
                format!("{what} message {n}'s body ({} bytes)", m.size),
                shown == small,
                format!(
                    "the limit is {BODY_LIMIT} bytes; dot-stuffed lines must lose their extra dot"
                ),
            ));
        }
    }
    checks
}

/// The commands the client sent, upper-cased verbs with arguments.
fn commands(t: &Transcript) -> Vec<String> {
    let sent = t.bytes(1, Side::Client);
    String::from_utf8_lossy(&sent)
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            let verb = words.next().unwrap_or_default().to_ascii_uppercase();
            let args: Vec<&str> = words.collect();
            match verb.as_str() {
                "PASS" | "APOP" | "USER" => "LOGIN".to_string(),
                _ => [verb]
                    .into_iter()
                    .chain(args.iter().map(|s| s.to_string()))
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

fn check_dialogue(t: &Transcript, body: bool) -> Vec<Check> {
    let cmds = commands(t);
    let sent = t.bytes(1, Side::Client);
    let bare_lf = sent.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r');
    let large_retr = cmds.iter().any(|c| c == "RETR 2");
    let mut checks = vec![
        Check::must(
            "logs in",
            cmds.iter().any(|c| c == "LOGIN"),
            "no USER/PASS or APOP was sent",
        ),
        Check::must(
            "ends every line with CRLF",
            !bare_lf,
            "POP3 lines end in CRLF (RFC 1939 §3)",
        ),
        Check::must(
            "deletes nothing",
            !cmds.iter().any(|c| c.starts_with("DELE")),
            "it sent DELE",
        ),
        Check::should(
            "says QUIT",
            cmds.last().is_some_and(|c| c == "QUIT"),
            "it closed without QUIT; RFC 1939 §6: QUIT ends the session (the UPDATE state)",
        ),
    ];
    if body {
        checks.push(Check::should(
            "does not RETR the large message",
            !large_retr,
            "message 2 has 5494 bytes; TOP gives its headers",
        ));
    } else {
        checks.push(Check::should(
            "reads headers with TOP, not RETR",
            !cmds.iter().any(|c| c.starts_with("RETR")),
            "the server offers TOP; RETR downloads whole messages",
        ));
    }
    checks
}

fn grade(pop: &FakePop3, t: &Transcript, run: &ProgramRun, body: bool) -> Vec<Check> {
    let all = expected(pop);
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    let mut checks = check_dialogue(t, body);
    checks.extend(check_output(&stdout, &all, body));
    checks.push(check_secret(run, &password(), "POP3_PASS"));
    checks.push(Check::must(
        "exits with status 0",
        run.success(),
        format!("{}; stderr:\n{}", run.describe_exit(), run.stderr_tail(10)),
    ));
    checks
}

impl Case for Pop3Client {
    fn info(&self) -> CaseInfo {
        let (name, bin, what) = if self.body {
            (
                "pop3-client-body",
                "pop_body",
                "your program prints each message's headers and, up to 4096 bytes, its body, from POP3_HOST:POP3_PORT",
            )
        } else {
            (
                "pop3-client-headers",
                "pop_headers",
                "your program prints Subject/From/Size of each message at POP3_HOST:POP3_PORT (POP3_USER)",
            )
        };
        let info = case_info(
            name,
            what,
            Role::Client,
            &["the fake POP3 server"],
            60,
            &format!("cargo run -q -p chapter-08 --features solutions --bin {bin}"),
        )
        .seed("002 pop_01 (reading mail)")
        .var("POP3_HOST", "the POP3 server's address", "127.0.0.1")
        .var("POP3_PORT", "the POP3 server's port", "40123")
        .var("POP3_USER", "the account to log in as", "titania")
        .var(
            "POP3_PASS",
            "its password (never print it)",
            "(see fixtures/mail/accounts.toml)",
        )
        .file("fixtures/mail/titania/: the maildrop the fake server serves (three messages)")
        .must(
            "logs in (USER/PASS or APOP), ends every line with CRLF",
            "RFC 1939 §7, §3",
        )
        .must(
            "prints Subject:, From: and Size: of each message",
            "002 pop_01",
        )
        .should(
            "prints headers decoded (encoded words) and unfolded",
            "RFC 2047 §6; RFC 5322 §2.2.3",
        )
        .should("reads headers with TOP, not RETR", "RFC 1939 §7 (TOP)")
        .must("deletes nothing and says QUIT", "RFC 1939 §6")
        .must(
            "never prints the password and exits with status 0",
            "the workbook's secrets rule",
        );
        if self.body {
            info.must(
                "prints the body of each message of at most 4096 bytes",
                "002 exercise 2",
            )
            .must("does not RETR the large message", "002 exercise 2")
        } else {
            info
        }
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let pop = start_on_fixtures_with(Pop3Options::new(""))?;
        let addr = pop.addr();
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("POP3", addr)];
        let vars = [("POP3_USER", USER.to_string()), ("POP3_PASS", password())];
        let program = with_env(&session.program, &vars);
        let run = Running::spawn(&program, &endpoints, None, session.time_limit)?.wait();
        pop.recorder().wait_for(SETTLE, |events| {
            events.iter().any(|e| {
                matches!(
                    e,
                    Event::Close { .. } | Event::HalfClose { .. } | Event::Reset { .. }
                )
            })
        });
        let checks = grade(&pop, &pop.transcript(), &run, self.body);
        let mut outcome = toml::Table::new();
        outcome.insert("exit_status".into(), exit_status(&run).into());
        Ok(Evidence {
            checks,
            outcome,
            transcript: Some(pop.stop()),
            run: Some(run),
            reproduce: reproduce_lines(session),
            seed: None,
        })
    }

    /// Login, the messages read with TOP or RETR (in order, each once),
    /// QUIT: CAPA, STAT, LIST and UIDL are the program's own business.
    fn normalise(&self, transcript: &Transcript) -> String {
        let mut out: Vec<String> = Vec::new();
        for c in commands(transcript) {
            let mut words = c.split(' ');
            let line = match (words.next(), words.next()) {
                (Some("LOGIN"), _) => "login".to_string(),
                (Some("TOP" | "RETR"), Some(n)) => format!("read {n}"),
                (Some("QUIT"), _) => "quit".to_string(),
                _ => continue,
            };
            if !out.contains(&line) {
                out.push(line);
            }
        }
        out.join("\n") + "\n"
    }
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let account = shell::assignments(&[("POP3_USER", USER)]) + &secret_assignment("POP3_PASS");
    let env = format!("{}{account}", env_prefix("POP3", SHOWN_PORT));
    let mut lines = vec![secret_note("POP3_PASS")];
    lines.extend(peer_lines(session, "pop3", SHOWN_PORT, &["POP3"], &env));
    lines
}
