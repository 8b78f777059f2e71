//! Sessions and rooms: chapter 3's UDP chat room, chapter 4's session
//! cores and chat rooms (library and solutions) and its bounded output
//! buffer, driven by several clients' lines at once.
//!
//! # Layout
//! [`TARGETS`]; one function per target; `lines_of` (a stream cut into
//! lines from four clients).

use std::net::SocketAddr;
use std::time::Duration;

use chapter_04::chat::Room;
use chapter_04::exercises::{chat_room::ChatRoom, session_core, write_interest::Outgoing};
use chapter_04::service::{Outbox, Service};
use chapter_04::session::{Distinct, Session, Step};
use rand::Rng as _;

use super::Target;
use crate::check::{ChunkedStream, Outcome, chunks, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, LINES};

/// The session and room targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "udp-chat",
        "chapter 3's UDP chat room solution: members and replies stay bounded",
        &[Kind::Lines],
        &[LINES, COMMON],
        udp_chat,
    ),
    Target::new(
        "char-session",
        "chapter 4's Distinct session vs the session_core solution",
        &[Kind::Lines],
        &[LINES, COMMON],
        char_session,
    ),
    Target::new(
        "chat-room",
        "chapter 4's chat Room with four clients: replies bounded, CRLF-ended",
        &[Kind::Lines],
        &[LINES, COMMON],
        chat,
    ),
    Target::new(
        "chat-room-exercise",
        "the chat_room solution with four clients: deliveries bounded",
        &[Kind::Lines],
        &[LINES, COMMON],
        chat_exercise,
    ),
    Target::new(
        "write-interest",
        "the write_interest solution: what is pushed is what is written",
        &[Kind::Lines],
        &[COMMON],
        outgoing,
    ),
];

fn udp_chat(input: &[u8], rng: &mut Rng) -> Outcome {
    use chapter_03::exercises::chat_room::{ChatRoom as UdpRoom, MAX_MEMBERS, MAX_MESSAGE};
    let mut room = UdpRoom::new(Duration::from_secs(30));
    let mut now = Duration::ZERO;
    for datagram in chunks(rng, input) {
        let from = SocketAddr::from(([127, 0, 0, 1], rng.random_range(1..=80)));
        now += Duration::from_secs(rng.random_range(0..10));
        let sends = match rng.random_range(0..20) {
            0 => room.expire(now),
            _ => room.on_datagram(from, datagram, now),
        };
        ensure!(
            room.members().len() <= MAX_MEMBERS,
            "{} members",
            room.members().len()
        );
        for s in &sends {
            ensure!(
                s.bytes.len() <= MAX_MESSAGE + 64,
                "a {} byte datagram out",
                s.bytes.len()
            );
        }
    }
    Ok(())
}

fn char_session(input: &[u8], _: &mut Rng) -> Outcome {
    let (mut lib, mut sol) = (Distinct::default(), session_core::CharSession::new());
    for line in input.split(|&b| b == b'\n') {
        let mut out = Vec::new();
        let step = lib.on_line(line, &mut out);
        let expected = match step {
            Step::Continue => session_core::Reply::Send(out),
            Step::Quit => session_core::Reply::Quit,
            Step::Shutdown => session_core::Reply::Shutdown,
        };
        same(&format!("reply to {line:?}"), &expected, &sol.on_line(line))?;
    }
    Ok(())
}

/// The stream cut into lines, each from one of four clients.
fn lines_of<'a>(input: &'a [u8], rng: &mut Rng) -> Vec<(u32, &'a [u8])> {
    let lines = input.split(|&b| b == b'\n').take(10_000);
    lines.map(|l| (rng.random_range(1..=4), l)).collect()
}

fn chat(input: &[u8], rng: &mut Rng) -> Outcome {
    let mut room = Room::with_accounts([("alice", "secret"), ("bob", "hunter2")]);
    let mut open = [false; 5];
    for (id, line) in lines_of(input, rng) {
        let mut out = Outbox::default();
        if !open[id as usize] {
            room.open(u64::from(id), &mut out);
            open[id as usize] = true;
        }
        room.line(u64::from(id), line, &mut out);
        for id in std::mem::take(&mut out.close) {
            room.close(id, &mut out);
            open[id as usize] = false;
        }
        for (_, bytes) in &out.sends {
            ensure!(
                bytes.ends_with(b"\r\n") && bytes.len() <= line.len() + 160,
                "sent {bytes:?}"
            );
        }
        ensure!(
            out.sends.len() <= 8,
            "{} sends for one line",
            out.sends.len()
        );
    }
    Ok(())
}

fn chat_exercise(input: &[u8], rng: &mut Rng) -> Outcome {
    let mut room = ChatRoom::new(&[("alice", "secret"), ("bob", "hunter2")]);
    for id in 1..=4 {
        room.join(id);
    }
    for (id, line) in lines_of(input, rng) {
        let text = String::from_utf8_lossy(line);
        let out = match rng.random_range(0..50) {
            0 => room.leave(id),
            1 => {
                room.join(id);
                Vec::new()
            }
            _ => room.line(id, &text),
        };
        ensure!(out.len() <= 4, "{} deliveries for one line", out.len());
        for d in &out {
            ensure!(d.text.len() <= text.len() + 64, "delivered {:?}", d.text);
        }
    }
    Ok(())
}

fn outgoing(input: &[u8], rng: &mut Rng) -> Outcome {
    let mut out = Outgoing::new(rng.random_range(1..4096));
    let (mut pushed, mut sink) = (Vec::new(), ChunkedStream::default());
    for piece in chunks(rng, input) {
        if out.push(piece).is_ok() {
            pushed.extend_from_slice(piece);
        }
        if rng.random() {
            out.flush(&mut sink).map_err(|e| e.to_string())?;
        }
    }
    out.flush(&mut sink).map_err(|e| e.to_string())?;
    same("bytes written vs bytes accepted", &sink.written, &pushed)
}
