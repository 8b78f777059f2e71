//! The harness's own input files: fault plans (and applying them), account
//! files, transcripts, and the DNS zone format.
//!
//! # Layout
//! [`TARGETS`]; one function per target.

use std::sync::Arc;

use harness::dns::Zone;
use harness::fault::{ConnFaults, FaultPlan, WriteStep};
use harness::mail::Accounts;
use harness::transcript::text::{quote, render, unquote};
use harness::transcript::{Side, Transcript};
use rand::Rng as _;

use super::Target;
use crate::check::{Outcome, no_secret_shown, passwords, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, DNS, TOML, TRANSCRIPT};

/// The harness file targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "fault-plan",
        "fault plan TOML: round trip through to_toml; applying it keeps the bytes",
        &[Kind::Toml],
        &[TOML, COMMON],
        fault_plan,
    ),
    Target::new(
        "accounts-file",
        "the accounts file: bounded accounts, and no error shows a password",
        &[Kind::Toml],
        &[TOML, COMMON],
        accounts,
    ),
    Target::new(
        "transcript",
        "transcripts: parse/render is stable, events and quoting round trip",
        &[Kind::Transcript],
        &[TRANSCRIPT, COMMON],
        transcript,
    ),
    Target::new(
        "dns-zone",
        "the harness zone format, then answers from it parse with chapter 1",
        &[Kind::Zone],
        &[DNS, COMMON],
        zone,
    ),
];

fn fault_plan(input: &[u8], rng: &mut Rng) -> Outcome {
    let Ok(plan) = FaultPlan::from_toml(&String::from_utf8_lossy(input)) else {
        return Ok(());
    };
    let text = plan.to_toml();
    same(
        "from_toml(to_toml(plan))",
        &FaultPlan::from_toml(&text).map_err(|e| e.to_string()),
        &Ok(plan.clone()),
    )?;
    let _ = (plan.summary(), plan.replay_hint(), plan.max_delay());
    let mut faults = ConnFaults::new(Arc::new(plan.clone()), rng.random_range(0..4));
    let payload = b"250-first\r\n250 second\r\n";
    for _ in 0..4 {
        let steps = faults.reply_steps(payload);
        let written: Vec<u8> = steps
            .iter()
            .flat_map(|s| match s {
                WriteStep::Write(b) => b.clone(),
                _ => Vec::new(),
            })
            .collect();
        let plain = plan.long_line.is_none() && plan.malformed.is_empty() && !plan.bare_lf;
        let ended = steps
            .iter()
            .any(|s| matches!(s, WriteStep::Close(_) | WriteStep::Reset(_)));
        if plain && !ended {
            same("bytes written under the plan", &written, &payload.to_vec())?;
        }
        ensure!(
            steps.len() <= 4 * payload.len() + 8,
            "{} steps for one reply",
            steps.len()
        );
        let _ = faults.scripted(b"RCPT TO:<x@y>");
    }
    Ok(())
}

fn accounts(input: &[u8], _: &mut Rng) -> Outcome {
    if input.len() as u64 > harness::mail::MAX_FILE_BYTES {
        return Ok(()); // `Accounts::load` refuses it before parsing
    }
    let text = String::from_utf8_lossy(input);
    let shown = match Accounts::from_toml(&text) {
        Ok(a) => {
            return same(
                "at most MAX_ACCOUNTS",
                &(a.list.len() <= harness::mail::MAX_ACCOUNTS),
                &true,
            );
        }
        Err(e) => format!("{e:#}"),
    };
    // The fixed advice every error ends with is no leak, even when a
    // generated password happens to be a piece of it (`[[account]]`).
    let shown = shown.replace(harness::mail::ACCOUNTS_FORMAT, "");
    no_secret_shown(&shown, &passwords(&text))
}

fn transcript(input: &[u8], _: &mut Rng) -> Outcome {
    same(
        "unquote(quote(bytes))",
        &unquote(&quote(input)).map_err(|e| e.to_string()),
        &Ok(input.to_vec()),
    )?;
    let Ok(t) = Transcript::parse(&String::from_utf8_lossy(input)) else {
        return Ok(());
    };
    // `text::render`, not `Transcript::render`, which also redacts.
    let text = render(&t);
    let again =
        Transcript::parse(&text).map_err(|e| format!("{text:?} (rendered) does not parse: {e}"))?;
    same("events after render and parse", &again.events, &t.events)?;
    same("render(parse(render(t)))", &render(&again), &text)?;
    let _ = (t.redacted(), t.stable(Side::Client));
    Ok(())
}

fn zone(input: &[u8], rng: &mut Rng) -> Outcome {
    let text = String::from_utf8_lossy(input);
    let Ok(zone) = Zone::parse(&text) else {
        return Ok(());
    };
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .take(50)
        .collect();
    let lines = text.lines().count();
    for name in names {
        let qtype = [1, 5, 12, 28, 255][rng.random_range(0..5)];
        // The zone follows at most 16 aliases, each adding what its name owns.
        let answer = zone.answer(name, qtype);
        ensure!(
            answer.records.len() <= 16 * (lines + 1),
            "{} records for {name:?}",
            answer.records.len()
        );
        let query = harness::dns::client::query(7, name, qtype);
        for reply in harness::dns::respond::respond(
            &zone,
            &query,
            harness::dns::respond::Transport::Tcp,
            None,
        ) {
            chapter_01::dns::Message::parse(&reply)
                .map_err(|e| format!("the zone's answer for {name:?} does not parse: {e}"))?;
        }
    }
    Ok(())
}
