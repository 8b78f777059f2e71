//! `pop3-server`: the program is a POP3 server. It listens on `{port}`
//! (`WORKBOOK_PORT`, `POP3_PORT`) on 127.0.0.1, accepts the login
//! `POP3_USER`/`POP3_PASS` with USER and PASS, and serves the maildrop
//! `$POP3_STORE/<user>/<NNNN>.eml` (the layout of `fixtures/mail/`),
//! deleting files only at QUIT. The same messages are also there as a
//! Maildir, `$POP3_STORE/<user>/cur/<NNNN>.eml:2,`, so a real server
//! (Dovecot: `mail_location = maildir:$POP3_STORE/%u`) can serve the
//! store as it is; the store check accepts a deletion in either layout.
//!
//! The harness asks for STAT before logging in, tries a wrong password,
//! logs in, and checks STAT, LIST, RETR (a message with a dot-stuffed line
//! and a lone `.` line), TOP, UIDL, DELE (a marked message is gone for the
//! session), RSET, an unknown command, and QUIT (then the server closes,
//! and exactly the message marked at QUIT is deleted). The comparison with
//! the reference is by meaning: our lines as sent, the server's status
//! lines as `+OK`/`-ERR`.

use std::path::Path;
use std::time::Instant;

use super::common::env::{mail_program, secret_assignment, secret_note};
use super::common::reproduce::start_line;
use super::common::script::{one_client, sent_lines};
use super::common::server::Server;
use super::common::{case_info, passed};
use crate::client::LineClient;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session, shell};
use harness::failure::escape;
use harness::transcript::{Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct Pop3Server;

const SHOWN_PORT: u16 = 1110;
const USER: &str = "puck";
const PASS: &str = "goodfellow";
/// The two messages of the maildrop, as stored.
const MESSAGES: [&str; 2] = [
    "From: Puck <puck@fairy.example>\r\nSubject: Dots\r\n\r\n.a line that starts with a dot\r\n.\r\nthe end\r\n",
    "From: Oberon <oberon@fairy.example>\r\nSubject: Short\r\n\r\nMeet me in the wood.\r\n",
];

/// What must come back.
enum Want {
    /// A status line starting with this (`+OK` or `-ERR`).
    Status(String),
    /// `+OK` and data lines that, unstuffed, are exactly these bytes.
    Data(String),
    /// `+OK` and data lines, not checked further.
    AnyData,
}

/// One step: what to send (empty: only read), what must come, its name.
struct Step {
    send: String,
    want: Want,
    what: &'static str,
}

fn st(send: &str, want: &str, what: &'static str) -> Step {
    Step {
        send: send.into(),
        want: Want::Status(want.into()),
        what,
    }
}

fn data(send: &str, want: Want, what: &'static str) -> Step {
    Step {
        send: send.into(),
        want,
        what,
    }
}

fn steps() -> Vec<Step> {
    let (a, b) = (MESSAGES[0], MESSAGES[1]);
    let list = format!("1 {}\r\n2 {}\r\n", a.len(), b.len());
    let head = a.split_once("\r\n\r\n").map_or(a, |(h, _)| h).to_string() + "\r\n\r\n";
    vec![
        st("", "+OK", "greets with +OK"),
        st("STAT", "-ERR", "refuses STAT before login"),
        st("USER puck", "+OK", "accepts USER"),
        st("PASS wrong", "-ERR", "refuses a wrong password"),
        st("USER puck", "+OK", "accepts USER again"),
        st(
            &format!("PASS {PASS}"),
            "+OK",
            "accepts POP3_USER/POP3_PASS",
        ),
        st(
            "STAT",
            &format!("+OK 2 {}", a.len() + b.len()),
            "answers STAT with count and octets",
        ),
        data("LIST", Want::Data(list), "lists numbers and sizes"),
        data(
            "RETR 1",
            Want::Data(a.into()),
            "sends message 1 dot-stuffed, byte for byte",
        ),
        data(
            "TOP 1 0",
            Want::Data(head),
            "TOP 1 0 sends the headers and the blank line",
        ),
        data("UIDL", Want::AnyData, "answers UIDL"),
        // TOP and UIDL are optional commands (RFC 1939 §7): see `run_step`.
        st("DELE 1", "+OK", "marks message 1 with DELE"),
        st("RETR 1", "-ERR", "refuses a marked message"),
        st("RSET", "+OK", "unmarks with RSET"),
        data(
            "RETR 1",
            Want::Data(a.into()),
            "serves message 1 again after RSET",
        ),
        st("DELE 2", "+OK", "marks message 2"),
        st("FROB", "-ERR", "refuses an unknown command"),
        st("QUIT", "+OK", "answers QUIT with +OK"),
    ]
}

/// Reads data lines up to the `.` line; unstuffed.
fn read_data(client: &mut LineClient, until: Instant) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for _ in 0..10_000 {
        let line = client.read_line(until).map_err(|e| e.describe())?;
        if line == b".\r\n" {
            return Ok(out);
        }
        out.extend_from_slice(line.strip_prefix(b".").unwrap_or(&line));
    }
    Err("more than 10000 data lines without the final `.`".into())
}

/// The section of RFC 1939 that a step's command follows.
fn rule(send: &str) -> &'static str {
    match send.split_whitespace().next().unwrap_or_default() {
        "" => "RFC 1939 §4: the server greets with a one-line +OK",
        "USER" | "PASS" => "RFC 1939 §7 (USER, PASS) and §4 (the AUTHORIZATION state)",
        "STAT" | "LIST" | "RETR" | "DELE" | "RSET" => {
            "RFC 1939 §5 (the TRANSACTION state), §3 (multi-line replies, byte-stuffed)"
        }
        "TOP" | "UIDL" => "RFC 1939 §7 (optional commands)",
        "QUIT" => "RFC 1939 §6 (the UPDATE state: marked messages deleted at QUIT)",
        _ => "RFC 1939 §3: a command the server does not know gets -ERR",
    }
}

/// Whether the step's command is one a server need not implement.
fn optional(send: &str) -> bool {
    send.starts_with("TOP ") || send == "UIDL"
}

/// [`graded`] with the RFC section the step follows added to a failure,
/// and an optional command answered -ERR a warning, not a failure.
fn run_step(client: &mut LineClient, step: &Step, until: Instant) -> Check {
    let (mut check, refused) = graded(client, step, until);
    if check.grade == Grade::Ok {
        return check;
    }
    if refused && optional(&step.send) {
        check.grade = Grade::NonStrict;
        check.detail = format!(
            "{}\nnot offered: {} is optional, so this is a warning (graded only \
             as far as the server offers it)",
            check.detail, step.send
        );
    }
    check.detail = format!("{}\n{}", check.detail, rule(&step.send));
    check
}

/// Sends one step's command and grades the reply; also whether the reply
/// was a plain -ERR (the command refused).
fn graded(client: &mut LineClient, step: &Step, until: Instant) -> (Check, bool) {
    let what = step.what;
    if !step.send.is_empty()
        && let Err(e) = client.send(&[step.send.as_bytes(), b"\r\n"])
    {
        return (Check::must(what, false, e.to_string()), false);
    }
    let status = match client.read_line(until) {
        Ok(l) => String::from_utf8_lossy(&l).to_string(),
        Err(e) => return (Check::must(what, false, e.describe()), false),
    };
    let expect = match &step.want {
        Want::Status(s) => s.as_str(),
        Want::Data(_) | Want::AnyData => "+OK",
    };
    if !status.starts_with(expect) || !status.ends_with("\r\n") {
        let detail = format!(
            "expected a line starting {expect:?} and ending in CRLF, got \"{}\"",
            escape(status.as_bytes())
        );
        return (Check::must(what, false, detail), status.starts_with("-ERR"));
    }
    if let Want::Status(_) = step.want {
        return (Check::ok(what), false);
    }
    let check = match (&step.want, read_data(client, until)) {
        (_, Err(why)) => Check::must(what, false, why),
        (Want::Data(expected), Ok(got)) => Check::must(
            what,
            got == expected.as_bytes(),
            harness::failure::bytes_mismatch(expected.as_bytes(), &got),
        ),
        _ => Check::ok(what),
    };
    (check, false)
}

/// Writes the maildrop in both layouts: `<user>/NNNN.eml`, and a Maildir
/// (`cur/NNNN.eml:2,`: seen before, no flags; `new/` and `tmp/` empty).
fn prepare(store: &Path) -> std::io::Result<()> {
    let dir = store.join(USER);
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    for (i, m) in MESSAGES.iter().enumerate() {
        std::fs::write(dir.join(format!("{:04}.eml", i + 1)), m)?;
        std::fs::write(dir.join(format!("cur/{:04}.eml:2,", i + 1)), m)?;
    }
    Ok(())
}

/// Which of message 1 and 2 are left in the `.eml` layout, and in the
/// Maildir (under `cur/` or `new/`, whatever flags a server added to the
/// name after its `:`).
fn left(store: &Path) -> [(bool, bool); 2] {
    let dir = store.join(USER);
    let file = |n: &str| dir.join(format!("{n}.eml")).exists();
    let names: Vec<String> = ["cur", "new"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let maildir = |n: &str| {
        let base = format!("{n}.eml");
        names
            .iter()
            .any(|f| f.split(':').next() == Some(base.as_str()))
    };
    [
        (file("0001"), file("0002")),
        (maildir("0001"), maildir("0002")),
    ]
}

fn check_store(store: &Path) -> Check {
    let [files, maildir] = left(store);
    let show = |p: bool| if p { "present" } else { "missing" };
    let deleted_right = |(one, two): (bool, bool)| one && !two;
    // One layout changed as it must; the other one, unused, is untouched.
    let right = (deleted_right(files) && maildir == (true, true))
        || (deleted_right(maildir) && files == (true, true));
    Check::must(
        "deletes exactly the message marked at QUIT",
        right,
        format!(
            "after QUIT: 0001.eml {}, 0002.eml {}; in the Maildir (cur/, new/): 0001 {}, \
             0002 {} (expected, in the layout it serves: kept, deleted)",
            show(files.0),
            show(files.1),
            show(maildir.0),
            show(maildir.1)
        ),
    )
}

impl Case for Pop3Server {
    fn info(&self) -> CaseInfo {
        case_info(
            "pop3-server",
            "your program is a POP3 server on {port}: USER/PASS as POP3_USER/POP3_PASS, maildrop $POP3_STORE/<user>/, dot-stuffing, DELE/RSET/QUIT",
            Role::Server,
            &["a POP3 client"],
            60,
            "cargo workbook peer pop3 --port {port}",
        )
        .var("POP3_PORT", "the port to listen on (same as WORKBOOK_PORT)", "40123")
        .var("POP3_USER", "the account to accept", "puck")
        .var("POP3_PASS", "its password (never print it)", "(see fixtures/mail/accounts.toml)")
        .var("POP3_STORE", "the mail store's directory (a copy; yours to change)", "/tmp/.tmpXyZ/store")
        .file("$POP3_STORE/<user>/<NNNN>.eml: one message per file, CRLF lines (fixtures/mail/README.md)")
        .file("$POP3_STORE/<user>/cur/<NNNN>.eml:2,: the same messages as a Maildir")
        .must("refuses commands before a login and a wrong password with -ERR", "RFC 1939 §4, §7")
        .must("answers STAT, LIST, RETR, TOP, UIDL as RFC 1939 says", "RFC 1939 §5, §7")
        .must("dot-stuffs multi-line replies and ends them with `.`", "RFC 1939 §3")
        .must("hides a DELEted message for the session and restores it on RSET", "RFC 1939 §5")
        .must("answers an unknown command with -ERR", "RFC 1939 §3")
        .must("deletes exactly the message marked at QUIT, then closes", "RFC 1939 §6")
        .must("never prints the password", "the workbook's secrets rule")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let store = tempfile::tempdir()?;
        prepare(store.path())?;
        let program = mail_program(&session.program, "POP3", (USER, PASS), store.path());
        let mut server = Server::start(&program, "pop3-server", &["POP3"], session.time_limit)?;
        let steps = steps();
        let mut checks = server
            .converse(|addr, recorder, until| one_client(addr, recorder, until, &steps, run_step));
        if passed(&checks) {
            checks.push(check_store(store.path()));
        }
        Ok(server.evidence(checks, reproduce_lines(session)))
    }

    /// Our lines as they are; the server's status lines as `+OK`/`-ERR`
    /// (data lines left out: their wording is the server's own business).
    ///
    /// The answers to the optional TOP and UIDL are left out: their checks
    /// grade them, as warnings when the server does not offer them.
    fn normalise(&self, transcript: &Transcript) -> String {
        let mut out = sent_lines(transcript);
        let sent = String::from_utf8_lossy(&transcript.bytes(1, Side::Client)).to_string();
        // Status line 0 is the greeting; status line k answers command k.
        let commands: Vec<&str> = sent.split("\r\n").collect();
        let server = String::from_utf8_lossy(&transcript.bytes(1, Side::Server)).to_string();
        let statuses = server
            .split_inclusive("\r\n")
            .filter_map(|line| ["+OK", "-ERR"].into_iter().find(|s| line.starts_with(s)));
        for (k, status) in statuses.enumerate() {
            let answers = k.checked_sub(1).and_then(|i| commands.get(i));
            let status = if answers.is_some_and(|c| optional(c)) {
                "(optional)"
            } else {
                status
            };
            out.push_str(&format!("S> {status}\n"));
        }
        out
    }
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    let env = format!(
        "{}{}{}",
        shell::assignments(&[("POP3_USER", USER)]),
        secret_assignment("POP3_PASS"),
        shell::assignments(&[("POP3_STORE", "/tmp/mail")])
    );
    let url = format!("pop3://127.0.0.1:{SHOWN_PORT}/1");
    let fetch = format!("curl -v -u \"{USER}:$POP3_PASS\" {}", shell::line(&[&url]));
    vec![
        secret_note("POP3_PASS"),
        start_line(session, SHOWN_PORT, &["POP3"], &env),
        format!("{fetch}    # fetch message 1"),
    ]
}
