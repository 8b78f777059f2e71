//! What `web_bench` prints: a table for people, JSON for programs, and the
//! Markdown results file the book includes.
//!
//! Every figure is a median with its min–max over the rounds; a ratio is
//! ours over nginx's, median of medians, with the range of the per-round
//! ratios (rounds pair up: each round ran every contender once per mode).
//!
//! # Layout
//! `Row`, `rows`, `report_text`, `report_json`, `results_markdown`, `header_lines`.

use serde_json::json;

use super::{Args, MODES, Outcome};
use chapter_04::bench::{Spread, show_load};

/// One contender in one mode.
struct Row<'a> {
    name: &'a str,
    mode: &'static str,
    rps: Spread,
    /// Against nginx: the ratio of medians, and per-round ratios' spread.
    ratio: Option<(f64, Spread)>,
}

fn rows(o: &Outcome) -> Vec<Row<'_>> {
    let nginx = o.names.iter().position(|n| n.starts_with("nginx"));
    let mut out = Vec::new();
    for (mode, mode_name) in MODES.iter().enumerate() {
        for (i, name) in o.names.iter().enumerate() {
            let Some(rps) = Spread::of(&o.rps[i][mode]) else {
                continue;
            };
            let ratio = nginx.filter(|&n| n != i).and_then(|n| {
                let theirs = Spread::of(&o.rps[n][mode])?;
                let per_round: Vec<f64> = o.rps[i][mode]
                    .iter()
                    .zip(&o.rps[n][mode])
                    .map(|(a, b)| a / b)
                    .collect();
                Some((rps.median / theirs.median, Spread::of(&per_round)?))
            });
            out.push(Row {
                name,
                mode: mode_name,
                rps,
                ratio,
            });
        }
    }
    out
}

/// The lines saying where, on what and how loaded, and whether to trust it.
fn header_lines(args: &Args, o: &Outcome) -> Vec<String> {
    let mut lines = vec![
        format!(
            "machine: {} cores, {}; load average (1 min) before {}, after {} (the run itself loads the cores)",
            o.machine.cores,
            o.machine.kernel,
            show_load(o.load_before),
            show_load(o.load_after)
        ),
        format!(
            "versions: {}",
            o.versions
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!(
            "wrk -t{} -c{} -d{}s, 1 KiB file, {} rounds, contenders alternating; median [min-max]",
            args.threads, args.connections, args.seconds, args.rounds
        ),
    ];
    if o.busy {
        lines.push(
            "*** BUSY MACHINE: load was high before the run; figures are indicative only ***"
                .into(),
        );
    }
    if args.rounds < 5 {
        lines.push(format!(
            "*** {} rounds: fewer than 5, not a result ***",
            args.rounds
        ));
    }
    if o.errors > 0 {
        lines.push(format!("*** wrk reported {} errors ***", o.errors));
    }
    lines
}

/// The table for people.
pub fn report_text(args: &Args, o: &Outcome) -> String {
    let mut s = String::new();
    for line in header_lines(args, o) {
        s += &line;
        s.push('\n');
    }
    for r in rows(o) {
        s += &format!(
            "{:10} {:24} {:>9.0} req/s [{:.0}-{:.0}]",
            r.mode, r.name, r.rps.median, r.rps.min, r.rps.max
        );
        if let Some((ratio, spread)) = r.ratio {
            s += &format!("   {ratio:.2}x nginx [{:.2}-{:.2}]", spread.min, spread.max);
        }
        s.push('\n');
    }
    s += &format!(
        "processes: {} groups started, {} left behind\n",
        o.groups.len(),
        o.leftovers.len()
    );
    s
}

/// The same as JSON.
pub fn report_json(args: &Args, o: &Outcome) -> String {
    let results: Vec<_> = rows(o)
        .iter()
        .map(|r| {
            json!({
                "contender": r.name, "mode": r.mode,
                "rps": {"median": r.rps.median, "min": r.rps.min, "max": r.rps.max},
                "ratio_to_nginx": r.ratio.map(|(m, s)| json!({"median_of_medians": m, "min": s.min, "max": s.max})),
            })
        })
        .collect();
    let value = json!({
        "machine": {"cores": o.machine.cores, "kernel": o.machine.kernel},
        "versions": o.versions.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "load_before": o.load_before, "load_after": o.load_after, "busy": o.busy,
        "wrk": {"threads": args.threads, "connections": args.connections, "seconds": args.seconds},
        "rounds": args.rounds,
        "per_round_rps": o.names.iter().zip(&o.rps).map(|(n, r)| json!({"contender": n, "keep-alive": r[0], "close": r[1]})).collect::<Vec<_>>(),
        "results": results,
        "errors": o.errors,
        "process_groups": o.groups,
        "leftovers": o.leftovers,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The results file the book includes: how it was made, then the table.
pub fn results_markdown(args: &Args, o: &Outcome) -> String {
    let mut s = String::from("<!-- Written by web_bench --results; do not edit by hand. -->\n\n");
    for line in header_lines(args, o) {
        s += &format!("- {line}\n");
    }
    s += "\n| mode | server | req/s median | min–max | × nginx (median) | per-round × nginx |\n";
    s += "|---|---|---:|---:|---:|---:|\n";
    for r in rows(o) {
        let (ratio, range) = match r.ratio {
            Some((m, sp)) => (format!("{m:.2}"), format!("{:.2}–{:.2}", sp.min, sp.max)),
            None => ("".into(), "".into()),
        };
        s += &format!(
            "| {} | {} | {:.0} | {:.0}–{:.0} | {ratio} | {range} |\n",
            r.mode, r.name, r.rps.median, r.rps.min, r.rps.max
        );
    }
    s += &format!(
        "\nReproduce: `cargo run --release -p chapter-05 --bin web_bench -- --seconds {} --rounds {} --connections {} --threads {} --nginx-workers {} --results chapters/chapter-05/bench-results.md`\n",
        args.seconds, args.rounds, args.connections, args.threads, args.nginx_workers
    );
    s
}
