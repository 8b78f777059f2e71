//! The commands of the fake POP3 server, state by state (RFC 1939 §4–§7):
//! what each one answers, and the `-ERR` for every bad use.
//!
//! # Layout
//! `authorization`, `transaction`, and their helpers (`listing`, `top`,
//! `message_arg`).

use super::Caps;
use super::action::{Action, Secret, err, ok};
use super::maildrop::{Maildrop, Message};
use crate::mail::dot::{END, stuff};

pub(super) fn authorization(
    caps: Caps,
    user: &mut Option<String>,
    verb: &str,
    args: &str,
) -> Action {
    match verb {
        "USER" if caps.user => match one_word(args) {
            Some(name) => {
                *user = Some(name.to_string());
                ok("send PASS")
            }
            None => err("USER needs a name"),
        },
        "PASS" if caps.user => match (user.take(), args.is_empty()) {
            (Some(user), false) => Action::Login {
                user,
                secret: Secret::Pass(args.to_string()),
            },
            (None, _) => err("USER first"),
            (Some(_), true) => err("PASS needs a password"),
        },
        "APOP" if caps.apop => match args.split_once(' ') {
            Some((name, digest)) if one_word(digest).is_some() => Action::Login {
                user: name.to_string(),
                secret: Secret::Apop(digest.to_ascii_lowercase()),
            },
            _ => err("APOP needs a name and a digest"),
        },
        "QUIT" => Action::Quit { delete: Vec::new() },
        "STAT" | "LIST" | "RETR" | "DELE" | "NOOP" | "RSET" | "TOP" | "UIDL" => {
            err("not logged in: USER/PASS or APOP first")
        }
        _ => err("unknown command"),
    }
}

pub(super) fn transaction(drop: &mut Maildrop, caps: Caps, verb: &str, args: &str) -> Action {
    match verb {
        "STAT" if args.is_empty() => {
            let (n, size) = drop
                .live()
                .fold((0, 0), |(n, s), (_, m)| (n + 1, s + m.bytes.len()));
            ok(&format!("{n} {size}"))
        }
        "LIST" => listing(drop, args, "scan listing", |m| m.bytes.len().to_string()),
        "UIDL" if caps.uidl => listing(drop, args, "unique-id listing", |m| m.uid.clone()),
        "RETR" => match message_arg(drop, args) {
            Ok(n) => {
                let m = drop.get(n).expect("checked");
                let mut out = format!("+OK {} octets\r\n", m.bytes.len()).into_bytes();
                out.extend(stuff(&m.bytes));
                Action::Multi(out)
            }
            Err(e) => e,
        },
        "TOP" if caps.top => top(drop, args),
        "DELE" => match message_arg(drop, args) {
            Ok(n) => {
                drop.mark(n);
                ok(&format!("message {n} deleted"))
            }
            Err(e) => e,
        },
        "NOOP" if args.is_empty() => ok(""),
        "RSET" if args.is_empty() => {
            drop.reset();
            ok("marks removed")
        }
        "QUIT" => Action::Quit {
            delete: drop.marked(),
        },
        "USER" | "PASS" | "APOP" => err("already logged in"),
        "STAT" | "NOOP" | "RSET" => err("no arguments expected"),
        _ => err("unknown command"),
    }
}

/// LIST and UIDL: one message (`+OK n value`) or all (multi-line).
fn listing(drop: &Maildrop, args: &str, what: &str, value: impl Fn(&Message) -> String) -> Action {
    if !args.is_empty() {
        return match message_arg(drop, args) {
            Ok(n) => ok(&format!("{n} {}", value(drop.get(n).expect("checked")))),
            Err(e) => e,
        };
    }
    let mut out = format!("+OK {what} follows\r\n");
    for (n, m) in drop.live() {
        out.push_str(&format!("{n} {}\r\n", value(m)));
    }
    let mut out = out.into_bytes();
    out.extend_from_slice(END);
    Action::Multi(out)
}

/// TOP n k: the headers, the blank line and k lines of the body.
fn top(drop: &Maildrop, args: &str) -> Action {
    let mut words = args.split(' ');
    let (Some(n), Some(k), None) = (words.next(), words.next(), words.next()) else {
        return err("TOP needs a message number and a line count");
    };
    let n = match message_arg(drop, n) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let Ok(k) = k.parse::<usize>() else {
        return err("bad line count");
    };
    let bytes = &drop.get(n).expect("checked").bytes;
    let mut end = 0;
    let mut in_body = false;
    let mut body_lines = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if in_body {
            if body_lines == k {
                break;
            }
            body_lines += 1;
        } else if line == b"\r\n" || line == b"\n" {
            in_body = true;
        }
        end += line.len();
    }
    let mut out = b"+OK top of message follows\r\n".to_vec();
    out.extend(stuff(&bytes[..end]));
    Action::Multi(out)
}

/// A message-number argument naming a live message, or the `-ERR`.
fn message_arg(drop: &Maildrop, args: &str) -> Result<usize, Action> {
    let Some(word) = one_word(args) else {
        return Err(err("a message number is needed"));
    };
    let n: usize = word.parse().map_err(|_| err("bad message number"))?;
    match drop.get(n) {
        Some(_) => Ok(n),
        None if drop.messages.get(n.wrapping_sub(1)).is_some() => {
            Err(err(&format!("message {n} already deleted")))
        }
        None => Err(err(&format!("no such message {n}"))),
    }
}

fn one_word(s: &str) -> Option<&str> {
    (!s.is_empty() && !s.contains(' ')).then_some(s)
}
