//! What the runner prints: a failure with its input (escaped and in hex)
//! and its replay command, one line per finished target, and the closing
//! table.
//!
//! # Layout
//! [`failure`], [`input`], [`target_line`], [`table`].

use std::fmt::Write as _;
use std::time::Duration;

use harness::transcript::text::quote;

use crate::run::{Failure, Report, bytes};

/// How much of a failing input is shown (`--index` replays all of it,
/// `--dump` writes it to a file).
const SHOWN: usize = 512;

/// A failure: target, input, why, the input, and the line that replays it.
pub fn failure(f: &Failure) -> String {
    format!(
        "FAIL {} input #{} ({} bytes): {}\n{}  replay: {} --target {} --seed {} --index {}\n",
        f.target,
        f.index,
        f.input.len(),
        f.why,
        input(&f.input),
        crate::REPLAY,
        f.target,
        f.seed,
        f.index
    )
}

/// An input escaped (Python bytes-literal style, as transcripts show bytes)
/// and in hex, cut to [`SHOWN`] bytes.
pub fn input(data: &[u8]) -> String {
    let cut = &data[..data.len().min(SHOWN)];
    let more = match data.len() > SHOWN {
        true => format!(" (the first {SHOWN} of {} bytes)", data.len()),
        false => String::new(),
    };
    let mut hex = String::new();
    for (i, row) in cut.chunks(32).enumerate() {
        let _ = write!(hex, "    {:06x} ", i * 32);
        for b in row {
            let _ = write!(hex, " {b:02x}");
        }
        hex.push('\n');
    }
    format!("  input{more}: {}\n  hex:\n{hex}", quote(cut))
}

/// One finished target, as a line of the table.
pub fn target_line(r: &Report) -> String {
    let verdict = match (&r.failure, r.over_time) {
        (Some(_), _) => "FAIL",
        (None, 0) => "ok",
        (None, _) => "slow",
    };
    format!(
        "{:<28} {:>8} {:>9} {:>10} #{:<8} {:>10} #{:<8} {:>9} {verdict}",
        r.name,
        r.inputs,
        secs(r.elapsed),
        secs(Duration::from_nanos(r.slowest.value)),
        r.slowest.index,
        bytes(r.heaviest.value),
        r.heaviest.index,
        bytes(r.heaviest.len as u64),
    )
}

/// The table header matching [`target_line`].
pub const HEADER: &str = "target                         inputs  cpu time  slowest (input)     peak heap (input)  its size";

/// The closing table, in the targets' order, and the totals.
pub fn table(reports: &[Report], strict: bool) -> String {
    let mut out = format!("{HEADER}\n");
    for r in reports {
        out += &target_line(r);
        out.push('\n');
    }
    let failed = reports.iter().filter(|r| r.failure.is_some()).count();
    let panics = reports
        .iter()
        .filter(|r| {
            r.failure
                .as_ref()
                .is_some_and(|f| f.why.starts_with("panicked"))
        })
        .count();
    let over: u64 = reports.iter().map(|r| r.over_time).sum();
    let exempt: u64 = reports.iter().map(|r| r.exempt).sum();
    let total: u64 = reports.iter().map(|r| r.inputs).sum();
    let _ = writeln!(
        out,
        "{} targets, {total} inputs: {failed} failed ({panics} by a panic); {over} inputs over the \
         time bound{}{}",
        reports.len(),
        if strict {
            " (failures: --strict)"
        } else {
            " (reported; --strict fails them)"
        },
        match exempt {
            0 => String::new(),
            n => format!(", {n} more on exempt slow paths"),
        }
    );
    out
}

/// A duration in seconds, or milliseconds when short.
fn secs(d: Duration) -> String {
    match d.as_secs_f64() {
        s if s >= 1.0 => format!("{s:.2}s"),
        s => format!("{:.3}ms", s * 1000.0),
    }
}
