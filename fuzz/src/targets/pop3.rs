//! POP3: chapter 8's status, listing and multi-line parsers (library and
//! solution), its client against a hostile server, the harness's fake
//! server session checked with chapter 8's parsers, and the message
//! summaries the programs print.
//!
//! # Layout
//! [`TARGETS`]; one function per target; `drive` (the client's session).

use std::sync::OnceLock;

use chapter_08::exercises::multiline::read_multiline;
use chapter_08::pop3::listing::{Capabilities, parse_pairs, parse_stat, size, uid};
use chapter_08::pop3::{Client, Limits, Login, MultiLine, Status, apop};
use chapter_08::summary::Summary;
use harness::mail::{MailStore, dot};
use harness::pop3::maildrop::Maildrop;
use harness::pop3::{Action, Caps, ServerSession};
use rand::Rng as _;

use super::Target;
use crate::check::{ChunkedStream, Outcome, chunks, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::made::SECRET;
use crate::make::Rng;
use crate::words::{COMMON, MIME, POP3};

/// The POP3 targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "pop3-status",
        "Status::parse, STAT/LIST/UIDL/CAPA parsing and the APOP timestamp",
        &[Kind::Pop3Replies],
        &[POP3, COMMON],
        status,
    ),
    Target::new(
        "pop3-multiline",
        "MultiLine vs the multiline solution; unstuffs the harness's stuffing",
        &[Kind::Pop3Replies, Kind::Mail],
        &[POP3, COMMON],
        multiline,
    ),
    Target::new(
        "pop3-client",
        "chapter 8's Client against a hostile server: cut-invariant, no secret shown",
        &[Kind::Pop3Replies],
        &[POP3, COMMON],
        client,
    ),
    Target::new(
        "pop3-server",
        "the harness POP3 session on hostile commands: answers parse with chapter 8",
        &[Kind::Pop3Commands],
        &[POP3, COMMON],
        server,
    ),
    Target::new(
        "pop3-summary",
        "chapter 8's message summaries from hostile header blocks",
        &[Kind::Mail],
        &[MIME, COMMON],
        summary,
    ),
];

fn status(input: &[u8], _: &mut Rng) -> Outcome {
    for line in input.split_inclusive(|&b| b == b'\n') {
        if let Ok(s) = Status::parse(line) {
            ensure!(
                !s.text.contains('\n'),
                "a status text with a line end: {:?}",
                s.text
            );
            let _ = parse_stat(&s.text); // STAT's numbers are in its status text
        }
    }
    let text = String::from_utf8_lossy(input);
    let _ = parse_pairs(input, "LIST", size);
    if let Ok(ids) = parse_pairs(input, "UIDL", uid) {
        ensure!(
            ids.iter().all(|(_, u)| (1..=70).contains(&u.len())),
            "a unique-id out of bounds"
        );
    }
    let caps = Capabilities::parse(input);
    ensure!(
        caps.names.len() <= input.len(),
        "more capabilities than bytes"
    );
    if let Some(stamp) = apop::timestamp(&text) {
        ensure!(
            stamp.starts_with('<') && stamp.ends_with('>') && stamp.contains('@'),
            "timestamp {stamp:?}"
        );
    }
    Ok(())
}

fn multiline(input: &[u8], rng: &mut Rng) -> Outcome {
    let max = rng.random_range(0..1 << 16);
    let mut m = MultiLine::new(max);
    let (mut used, mut lib) = (0, None);
    for line in input
        .split_inclusive(|&b| b == b'\n')
        .filter(|l| l.ends_with(b"\n"))
    {
        used += line.len();
        match m.on_line(line) {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) => {
                lib = Some(e.to_string());
                break;
            }
        }
    }
    let sol = read_multiline(input, max);
    let lib_done = m.is_done();
    // The library is handed whole lines; the client's reader refuses a tail
    // without a line end over the cap, as the solution does.
    let tail = input.len() - input.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let long_tail = tail > chapter_08::pop3::multiline::MAX_DATA_LINE;
    match (&sol, lib_done, &lib) {
        (Ok(Some((data, n))), true, None) => same(
            "data and bytes used",
            &(m.into_data(), used),
            &(data.clone(), *n),
        )?,
        (Ok(None), false, None) | (Err(_), _, Some(_)) => {}
        (Err(_), false, None) if long_tail => {}
        _ => {
            return Err(format!(
                "solution {sol:?}, library done: {lib_done}, error: {lib:?}"
            ));
        }
    }
    // The harness's stuffing read back by chapter 8.
    let text = crate::targets::filters::filtered(chapter_06::mime::Normalize::default(), &[input])
        .map_err(|e| e.to_string())?;
    let mut m = MultiLine::new(usize::MAX);
    for line in dot::stuff(&text).split_inclusive(|&b| b == b'\n') {
        if line.len() > chapter_08::pop3::multiline::MAX_DATA_LINE || m.on_line(line).is_err() {
            return Ok(()); // a line over the cap: refused, as it should be
        }
    }
    ensure!(m.is_done(), "the stuffed text has no end line");
    let open_end = !text.is_empty() && !text.ends_with(b"\n");
    same(
        "unstuffed",
        &m.into_data(),
        &[&text[..], if open_end { &b"\r\n"[..] } else { b"" }].concat(),
    )
}

/// Everything the client reports in one session against `pieces`.
fn drive(pieces: &[&[u8]]) -> Vec<String> {
    let mut out = Vec::new();
    let mut c = match Client::connect(ChunkedStream::new(pieces), Limits { max_reply: 1 << 20 }) {
        Ok(c) => c,
        Err(e) => return vec![format!("connect: {e}")],
    };
    out.push(format!("{:?}", c.login("titania", SECRET, Login::Best)));
    let caps = c.capa();
    out.push(format!("{caps:?}"));
    let caps = caps.unwrap_or_else(|_| Capabilities::unknown());
    out.push(format!("{:?}", c.stat()));
    out.push(format!("{:?}", c.list()));
    out.push(format!("{:?}", c.uidl()));
    out.push(format!("{:?}", c.headers(1, &caps)));
    out.push(format!("{:?}", c.retr(1)));
    out.push(format!("{:?}", c.dele(1)));
    out.push(format!("{:?}", c.quit()));
    out
}

fn client(input: &[u8], rng: &mut Rng) -> Outcome {
    let whole = drive(&[input]);
    same(
        "the session, whole vs cut",
        &whole,
        &drive(&chunks(rng, input)),
    )?;
    for line in &whole {
        ensure!(
            !line.contains(SECRET),
            "the client shows the password: {line}"
        );
    }
    Ok(())
}

fn maildrop() -> &'static Maildrop {
    static DROP: OnceLock<Maildrop> = OnceLock::new();
    DROP.get_or_init(|| {
        let store = MailStore::new(crate::root().join("fixtures/mail"));
        Maildrop::load(&store, "titania", &[]).expect("fixtures/mail/titania is readable")
    })
}

fn server(input: &[u8], rng: &mut Rng) -> Outcome {
    let caps = Caps {
        top: rng.random(),
        uidl: rng.random(),
        user: rng.random(),
        apop: rng.random(),
        capa: rng.random(),
    };
    let mut s = ServerSession::new(caps, "<1.2@fuzz.test>".into());
    check_status(s.greeting().as_bytes())?;
    for line in input.split_inclusive(|&b| b == b'\n').take(10_000) {
        if line.len() > harness::pop3::session::MAX_COMMAND_LINE {
            continue; // the connection loop refuses it
        }
        let text = String::from_utf8_lossy(line);
        match s.on_line(text.trim_end_matches(['\r', '\n'])) {
            Action::Reply(r) => check_status(r.as_bytes())?,
            Action::Multi(bytes) => check_multi(&bytes)?,
            Action::Login { user, .. } if user == "titania" => {
                check_status(s.enter(maildrop().clone()).as_bytes())?
            }
            Action::Login { .. } => s.refuse(),
            Action::Quit { .. } => return Ok(()),
        }
    }
    Ok(())
}

/// One status line, CRLF-ended, as chapter 8 reads it.
fn check_status(line: &[u8]) -> Outcome {
    let one = line.ends_with(b"\r\n") && !line[..line.len() - 2].contains(&b'\n');
    ensure!(
        one && Status::parse(line).is_ok(),
        "the server sent {line:?}"
    );
    Ok(())
}

/// A `+OK` line and a dot-terminated block, nothing after it.
fn check_multi(bytes: &[u8]) -> Outcome {
    let first = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    check_status(&bytes[..first])?;
    let read = read_multiline(&bytes[first..], usize::MAX);
    ensure!(
        matches!(read, Ok(Some((_, n))) if first + n == bytes.len()),
        "the server sent {bytes:?}"
    );
    Ok(())
}

fn summary(input: &[u8], rng: &mut Rng) -> Outcome {
    let shown = Summary::new(rng.random(), rng.random(), input).render();
    ensure!(
        shown.len() <= 3 * input.len() + 200,
        "a {} byte summary of {} bytes",
        shown.len(),
        input.len()
    );
    Ok(())
}
