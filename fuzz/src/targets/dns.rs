//! DNS: chapter 1's message parser, name reader, query builder, CNAME chase
//! and exchange, against their reference solutions and the harness's fake
//! server (whose own codec is written separately on purpose).
//!
//! # Layout
//! [`TARGETS`]; one function per target.

use chapter_01::dns::resolve::{Exchange, Step, chase};
use chapter_01::dns::{Message, RecordType, build_query, encode_name, name::read_name};
use chapter_01::exercises as ex;
use harness::dns::Zone;
use harness::dns::respond::{Fault, Transport, respond};
use rand::Rng as _;

use super::Target;
use crate::check::{Outcome, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, DNS, URL};

/// The DNS targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "dns-message",
        "chapter 1's Message::parse: every name it reads re-encodes to itself",
        &[Kind::Dns],
        &[DNS, COMMON],
        message,
    ),
    Target::new(
        "dns-read-name",
        "chapter 1's read_name vs the read_name solution at any offset",
        &[Kind::Dns],
        &[DNS],
        names,
    ),
    Target::new(
        "dns-query",
        "build_query vs the query_packet solution; a query parses back to its name",
        &[Kind::Url],
        &[URL, COMMON],
        query,
    ),
    Target::new(
        "dns-exchange",
        "Exchange fed hostile replies and timeouts: bounded, only our answer accepted",
        &[Kind::Dns],
        &[DNS],
        exchange,
    ),
    Target::new(
        "dns-chase",
        "chase vs the cname_chase solution on the answers of hostile replies",
        &[Kind::Dns],
        &[DNS],
        cname,
    ),
    Target::new(
        "dns-peer",
        "the harness DNS server's replies to hostile queries parse with chapter 1",
        &[Kind::Dns],
        &[DNS],
        peer,
    ),
];

fn message(input: &[u8], _: &mut Rng) -> Outcome {
    let Ok(m) = Message::parse(input) else {
        return Ok(());
    };
    let records = m.answers.iter().chain(&m.authority).chain(&m.additional);
    let names = m
        .questions
        .iter()
        .map(|q| &q.name)
        .chain(records.map(|r| &r.name));
    for name in names {
        let mut wire = Vec::new();
        let encoded = encode_name(name, &mut wire);
        ensure!(
            encoded.is_ok(),
            "the name {name:?} read from the message does not encode: {encoded:?}"
        );
        let back = read_name(&wire, 0).map(|(text, _)| text);
        same(
            "name read, encoded and read again",
            &Ok(name.clone()),
            &back,
        )?;
    }
    Ok(())
}

fn names(input: &[u8], rng: &mut Rng) -> Outcome {
    for _ in 0..4 {
        let at = rng.random_range(0..input.len() + 2);
        let (lib, sol) = (read_name(input, at), ex::read_name::read_name(input, at));
        ensure!(
            lib.is_ok() == sol.is_ok(),
            "at offset {at}: library {lib:?}, solution {sol:?}"
        );
        if let (Ok((text, end)), Ok((sol_text, sol_end))) = (&lib, &sol) {
            same("end offset", end, sol_end)?;
            // The library escapes bytes that are not plain; the solution does not.
            if !text.contains('\\') {
                same("name", text, sol_text)?;
            }
        }
    }
    Ok(())
}

fn query(input: &[u8], rng: &mut Rng) -> Outcome {
    let name = String::from_utf8_lossy(input);
    let (id, qtype) = (rng.random(), RecordType::from_code(rng.random_range(0..40)));
    let lib = build_query(id, &name, qtype);
    if !name.contains('\\') {
        let sol = ex::query_packet::query(id, &name, qtype);
        ensure!(
            lib.is_ok() == sol.is_ok(),
            "name {name:?}: library {lib:?}, solution {sol:?}"
        );
        if let (Ok(a), Ok(b)) = (&lib, &sol) {
            same("query bytes", a, b)?;
        }
    }
    if let Ok(bytes) = lib {
        let m = Message::parse(&bytes).map_err(|e| format!("our own query does not parse: {e}"))?;
        ensure!(
            m.questions.len() == 1 && m.header.id == id,
            "the query parsed as {m:?}"
        );
        let mut again = Vec::new();
        encode_name(&m.questions[0].name, &mut again).map_err(|e| e.to_string())?;
        let mut first = Vec::new();
        encode_name(&name, &mut first).map_err(|e| e.to_string())?;
        same(
            "the name's wire form, before and after parsing",
            &first,
            &again,
        )?;
    }
    Ok(())
}

fn exchange(input: &[u8], rng: &mut Rng) -> Outcome {
    let id = input
        .get(..2)
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
    let Ok((mut ex, first)) = Exchange::start(id, "www.workbook.test", RecordType::A, 3) else {
        return Err("a plain query does not start".into());
    };
    let Step::Send(_, query) = first else {
        return Err(format!("the first step is {first:?}"));
    };
    let mut rest = input;
    // Bounded: every pass consumes input or counts a timeout; at most 3 UDP
    // sends, then a timeout ends it.
    for _ in 0..10_000 {
        let step = match rng.random_range(0..8) {
            0 => ex.on_timeout(),
            _ if rest.is_empty() => ex.on_timeout(),
            _ => {
                let n = rng.random_range(0..=rest.len());
                let reply = [&input[..2.min(input.len())], &rest[..n]].concat();
                rest = &rest[n..];
                ex.on_reply(&reply)
            }
        };
        match step {
            Step::Wait => {}
            Step::Send(_, bytes) => same("a resent query", &query, &bytes)?,
            Step::Done(Ok(m)) => {
                ensure!(
                    m.header.id == id && m.header.response,
                    "accepted {:?}",
                    m.header
                );
                return Ok(());
            }
            Step::Done(Err(_)) => return Ok(()),
        }
    }
    Err("the exchange did not end in 10000 steps".into())
}

fn cname(input: &[u8], rng: &mut Rng) -> Outcome {
    let Ok(m) = Message::parse(input) else {
        return Ok(());
    };
    let asked = match m.questions.first() {
        Some(q) if rng.random_bool(0.8) => q.name.clone(),
        _ => "www.workbook.test".into(),
    };
    let lib = chase(&asked, &m.answers);
    let sol = ex::cname_chase::chase(&asked, &m.answers);
    same(&format!("chase of {asked:?}"), &lib, &sol)
}

fn peer(input: &[u8], rng: &mut Rng) -> Outcome {
    static ZONE: std::sync::OnceLock<Zone> = std::sync::OnceLock::new();
    let zone = ZONE.get_or_init(Zone::workbook);
    let transport = if rng.random() {
        Transport::Udp
    } else {
        Transport::Tcp
    };
    let fault = [
        None,
        Some(Fault::WrongId),
        Some(Fault::Truncate),
        Some(Fault::Drop),
    ][rng.random_range(0..4)];
    for reply in respond(zone, input, transport, fault) {
        ensure!(
            transport == Transport::Tcp || reply.len() <= 512,
            "a {} byte reply over UDP",
            reply.len()
        );
        if let Err(e) = Message::parse(&reply) {
            return Err(format!(
                "the server's reply does not parse with chapter 1 ({e}): {reply:?}"
            ));
        }
    }
    Ok(())
}
