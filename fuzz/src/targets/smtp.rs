//! SMTP: chapter 7's reply parser (library and solution), client session,
//! DATA encoding, AUTH LOGIN solution and configuration file; the harness's
//! fake server session and SASL helpers.
//!
//! Bytes from the network reach chapter 7's parser in reads of at most
//! 4096 bytes (its driver's buffer), so the "whole" run of a session here
//! is 4096-byte reads, and the cut run is random pieces no larger.
//!
//! # Layout
//! [`TARGETS`]; `replies`, `converse`; one function per target.

use chapter_07::config::Config;
use chapter_07::exercises::{
    auth_login::AuthLogin, dot_stuff::SmtpData, reply_parser::parse_reply,
};
use chapter_07::smtp::data::encode_data;
use chapter_07::smtp::reply::ReplyError;
use chapter_07::smtp::{Credentials, Next, Reply, ReplyParser, Session, Settings};
use harness::mail::{Accounts, dot, sasl};
use harness::smtp::session::{Action, Limits, ServerSession};
use rand::Rng as _;

use super::Target;
use super::filters::filtered;
use crate::check::{Outcome, chunks, no_secret_shown, passwords, reads, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::made::SECRET;
use crate::make::Rng;
use crate::words::{COMMON, MIME, SMTP, TOML};

/// The SMTP targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "smtp-reply",
        "chapter 7's ReplyParser: cut-invariant; the reply_parser solution agrees",
        &[Kind::SmtpReplies],
        &[SMTP, COMMON],
        reply,
    ),
    Target::new(
        "smtp-client",
        "chapter 7's Session against hostile replies: cut-invariant, no secret shown",
        &[Kind::SmtpReplies],
        &[SMTP, COMMON],
        client,
    ),
    Target::new(
        "smtp-data",
        "encode_data and the dot_stuff solution vs the harness's stuffing; unstuffs back",
        &[Kind::Mail, Kind::Text],
        &[MIME, SMTP, COMMON],
        data,
    ),
    Target::new(
        "smtp-server",
        "the harness SMTP session on hostile commands: each answer is one valid reply",
        &[Kind::SmtpCommands],
        &[SMTP, COMMON],
        server,
    ),
    Target::new(
        "smtp-auth",
        "the auth_login solution and the harness's SASL base64 and PLAIN",
        &[Kind::SmtpReplies, Kind::SmtpCommands],
        &[SMTP, COMMON],
        auth,
    ),
    Target::new(
        "smtp-config",
        "chapter 7's configuration file: errors never show the password",
        &[Kind::Toml],
        &[TOML, COMMON],
        config,
    ),
];

/// Every reply the parser yields from `pieces`, up to its first error.
fn replies(pieces: &[&[u8]]) -> (Vec<Reply>, Option<ReplyError>) {
    let (mut p, mut out) = (ReplyParser::new(), Vec::new());
    for piece in pieces {
        p.push(piece);
        // Bounded: each reply consumes at least one line.
        loop {
            match p.next_reply() {
                Ok(Some(r)) => out.push(r),
                Ok(None) => break,
                Err(e) => return (out, Some(e)),
            }
        }
    }
    (out, None)
}

fn reply(input: &[u8], rng: &mut Rng) -> Outcome {
    let whole = replies(&reads(input, None));
    same(
        "replies, whole vs cut",
        &whole,
        &replies(&reads(input, Some(rng))),
    )?;
    let (mut sol, mut used) = (Vec::new(), 0);
    let sol_err = loop {
        match parse_reply(&input[used..]) {
            Ok(Some((r, n))) => (sol.push(r), used += n).0,
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    // The library also caps the lines of a reply; the errors' kinds may
    // differ (which check comes first), not whether there is one.
    if !matches!(whole.1, Some(ReplyError::TooManyLines)) {
        same(
            "replies, library vs solution",
            &(&whole.0, whole.1.is_some()),
            &(&sol, sol_err.is_some()),
        )?;
    }
    Ok(())
}

/// What the client sent and how its conversation ended.
fn converse(pieces: &[&[u8]]) -> (Vec<(String, Vec<u8>)>, String) {
    let settings = Settings {
        helo_name: "fuzz.test".into(),
        credentials: Some(Credentials {
            user: "puck".into(),
            password: SECRET.into(),
        }),
    };
    let message = crate::made::moonlight();
    let envelope = chapter_07::message::Envelope {
        from: "puck@fairy.example".into(),
        rcpt: vec!["a@b.test".into(), "c@d.test".into()],
    };
    let Ok(mut s) = Session::new(settings, envelope, &message, true) else {
        return (Vec::new(), "the message does not encode".into());
    };
    let (mut sent, mut p) = (Vec::new(), ReplyParser::new());
    for piece in pieces {
        p.push(piece);
        // Bounded: each reply consumes a line of input.
        loop {
            let r = match p.next_reply() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => return (sent, format!("reply error: {e}")),
            };
            match s.on_reply(r) {
                Ok(Next::Send(c)) => sent.push((c.shown, c.bytes)),
                Ok(Next::Done(report)) => return (sent, format!("done: {report:?}")),
                Err(e) => return (sent, format!("failed: {e} / {e:?}")),
            }
        }
    }
    (sent, format!("closed: {:?}", s.on_close()))
}

fn client(input: &[u8], rng: &mut Rng) -> Outcome {
    let whole = converse(&reads(input, None));
    same(
        "the conversation, whole vs cut",
        &whole,
        &converse(&reads(input, Some(rng))),
    )?;
    for (shown, _) in &whole.0 {
        ensure!(
            !shown.contains(SECRET),
            "a command is shown with the password: {shown:?}"
        );
    }
    ensure!(
        !whole.1.contains(SECRET),
        "the outcome shows the password: {}",
        whole.1
    );
    Ok(())
}

fn data(input: &[u8], rng: &mut Rng) -> Outcome {
    let text =
        filtered(chapter_06::mime::Normalize::default(), &[input]).map_err(|e| e.to_string())?;
    let expected = dot::stuff(&text);
    let sol = filtered(SmtpData::new(), &chunks(rng, &text)).map_err(|e| e.to_string())?;
    same(
        "the dot_stuff solution vs the harness's stuff",
        &sol,
        &expected,
    )?;
    let Ok(encoded) = encode_data(input) else {
        // RFC 5321's 1000 octets count the CRLF, which a last line gets added.
        let sent = |l: &[u8]| l.len() + if l.ends_with(b"\n") { 0 } else { 2 };
        let long = text
            .split_inclusive(|&b| b == b'\n')
            .any(|l| sent(l) > 1000);
        ensure!(long, "encode_data refused a message whose lines all fit");
        return Ok(());
    };
    same("encode_data vs the harness's stuff", &encoded, &expected)?;
    // What the fake server keeps: lines up to the `.` line, unstuffed.
    let mut kept = Vec::new();
    for line in encoded.split_inclusive(|&b| b == b'\n') {
        if line == dot::END {
            break;
        }
        kept.extend_from_slice(dot::unstuff(line));
    }
    let open_end = !text.is_empty() && !text.ends_with(b"\n");
    same(
        "the message as the server keeps it",
        &kept,
        &[&text[..], if open_end { &b"\r\n"[..] } else { b"" }].concat(),
    )
}

fn server(input: &[u8], _: &mut Rng) -> Outcome {
    let mut s = ServerSession::new(Accounts::test(), Limits::default());
    let mut lines = input.split_inclusive(|&b| b == b'\n');
    check_reply(&s.greeting())?;
    // Bounded: each pass takes a line.
    while let Some(line) = lines.next() {
        if line.len() > 512 {
            continue; // the connection loop answers 500 itself
        }
        let text = String::from_utf8_lossy(line);
        match s.on_line(text.trim_end_matches(['\r', '\n'])) {
            Action::Reply(r) | Action::Challenge(r) => check_reply(&r)?,
            Action::Close(r) => return check_reply(&r),
            Action::StartData(r) => {
                check_reply(&r)?;
                ensure!(
                    s.transaction.take().is_some(),
                    "DATA accepted without a transaction"
                );
                for data in lines.by_ref() {
                    if data == dot::END {
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

/// One whole SMTP reply, nothing more, as chapter 7 reads it.
fn check_reply(text: &str) -> Outcome {
    let (got, err) = replies(&[text.as_bytes()]);
    ensure!(
        got.len() == 1 && err.is_none() && text.ends_with("\r\n"),
        "the server sent {text:?}"
    );
    ensure!(
        (200..600).contains(&got[0].code),
        "the server sent code {}",
        got[0].code
    );
    Ok(())
}

fn auth(input: &[u8], rng: &mut Rng) -> Outcome {
    let mut login = AuthLogin::new("puck", SECRET);
    login.start();
    for line in input.split(|&b| b == b'\n').take(8) {
        let code = [334, 235, 535, 250][rng.random_range(0..4)];
        match login.on_reply(code, &String::from_utf8_lossy(line)) {
            Ok(_) => {}
            Err(e) => {
                ensure!(
                    !format!("{e:?}").contains(SECRET),
                    "AUTH LOGIN's error shows the password"
                );
                break;
            }
        }
    }
    same(
        "sasl decode(encode(x))",
        &sasl::decode_base64(sasl::encode_base64(input).as_bytes()),
        &Some(input.to_vec()),
    )?;
    if let Some(bytes) = sasl::decode_base64(input) {
        ensure!(bytes.len() <= input.len(), "decode_base64 grew the input");
    }
    let _ = sasl::parse_plain(input);
    Ok(())
}

fn config(input: &[u8], rng: &mut Rng) -> Outcome {
    thread_local! {
        // In memory where there is a tmpfs: one file write per input.
        static FILE: tempfile::NamedTempFile = tempfile::NamedTempFile::new_in("/dev/shm")
            .or_else(|_| tempfile::NamedTempFile::new())
            .expect("a temporary file");
    }
    let path = FILE.with(|f| f.path().to_path_buf());
    std::fs::write(&path, input).map_err(|e| e.to_string())?;
    let from_env = rng.random_bool(0.3);
    let env = |name: &str| match name {
        "SMTP_PASS" if from_env => Some(SECRET.to_string()),
        _ => None,
    };
    let text = String::from_utf8_lossy(input);
    let mut secrets = passwords(&text);
    if from_env {
        secrets.push(SECRET);
    }
    match Config::load(Some(&path), &env) {
        Ok(c) => no_secret_shown(&format!("{c:?}"), &secrets)?,
        Err(e) => no_secret_shown(&format!("{e:#} {e:?}"), &secrets)?,
    }
    Ok(())
}
