//! What `engines_bench` prints: a table, JSON, and the Markdown results
//! file the book includes. Each figure is the median of the rounds with its
//! min–max; peak RSS is the largest of the rounds (memory is a limit, not
//! an average); ratios are against tokio's medians, with the range of the
//! per-round ratios.
//!
//! # Layout
//! `Report` (`rows`, `header`, `text`, `json`, `markdown`), `Row`.

use serde_json::json;

use super::{Figures, Opts};
use chapter_04::bench::{Machine, Spread, show_load};

pub struct Report<'o> {
    pub opts: &'o Opts,
    pub machine: Machine,
    pub versions: Vec<(String, String)>,
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
    pub busy: bool,
    /// Per engine (as in `opts.kinds`), one entry per round.
    pub runs: Vec<Vec<Figures>>,
    pub groups: Vec<u32>,
    pub leftovers: Vec<String>,
    pub generator_rss_kib: Option<u64>,
}

/// One engine's figures over the rounds.
pub struct Row<'a> {
    kind: &'a str,
    rps: Spread,
    p50_ms: Spread,
    p99_ms: Spread,
    rss_mib: f64,
    failed: usize,
    /// Against tokio: (throughput ratio, its per-round range), (p99 ratio, range).
    vs_tokio: Option<((f64, Spread), (f64, Spread))>,
}

fn rps(f: &Figures) -> f64 {
    f.requests as f64 / f.secs
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The ratio of medians and the spread of the per-round ratios.
fn ratio(ours: &[f64], theirs: &[f64]) -> Option<(f64, Spread)> {
    let median = Spread::of(ours)?.median / Spread::of(theirs)?.median;
    let per_round: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| a / b).collect();
    Some((median, Spread::of(&per_round)?))
}

impl Report<'_> {
    fn rows(&self) -> Vec<Row<'_>> {
        let series =
            |i: usize, f: fn(&Figures) -> f64| -> Vec<f64> { self.runs[i].iter().map(f).collect() };
        let tokio = self.opts.kinds.iter().position(|k| k == "tokio");
        let mut rows = Vec::new();
        for (i, kind) in self.opts.kinds.iter().enumerate() {
            let (Some(r), Some(p50), Some(p99)) = (
                Spread::of(&series(i, rps)),
                Spread::of(&series(i, |f| ms(f.p50))),
                Spread::of(&series(i, |f| ms(f.p99))),
            ) else {
                continue;
            };
            let vs_tokio = tokio.filter(|&t| t != i).and_then(|t| {
                Some((
                    ratio(&series(i, rps), &series(t, rps))?,
                    ratio(&series(i, |f| ms(f.p99)), &series(t, |f| ms(f.p99)))?,
                ))
            });
            rows.push(Row {
                kind,
                rps: r,
                p50_ms: p50,
                p99_ms: p99,
                rss_mib: self.runs[i].iter().map(|f| f.rss_kib).max().unwrap_or(0) as f64 / 1024.0,
                failed: self.runs[i].iter().map(|f| f.failed).sum(),
                vs_tokio,
            });
        }
        rows
    }

    fn header(&self) -> Vec<String> {
        let o = self.opts;
        let mut lines = vec![
            format!(
                "machine: {} cores, {}; load average (1 min) before {}, after {} (the run itself loads the cores)",
                self.machine.cores,
                self.machine.kernel,
                show_load(self.load_before),
                show_load(self.load_after)
            ),
            format!(
                "versions: {}",
                self.versions
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "{} connections x {} round trips, {} rounds, engines alternating, one server process each; median [min-max]",
                o.conns, o.trips, o.rounds
            ),
        ];
        if self.busy {
            lines.push(
                "*** BUSY MACHINE: load was high before the run; figures are indicative only ***"
                    .into(),
            );
        }
        if o.rounds < 5 {
            lines.push(format!(
                "*** {} rounds: fewer than 5, not a result ***",
                o.rounds
            ));
        }
        lines
    }

    pub fn text(&self) -> String {
        let mut s: String = self.header().iter().map(|l| format!("{l}\n")).collect();
        for r in self.rows() {
            s += &format!(
                "{:<10} {:>9.0} req/s [{:.0}-{:.0}]  p50 {:.2} ms  p99 {:.2} ms [{:.2}-{:.2}]  peak RSS {:.1} MiB  failed {}\n",
                r.kind,
                r.rps.median,
                r.rps.min,
                r.rps.max,
                r.p50_ms.median,
                r.p99_ms.median,
                r.p99_ms.min,
                r.p99_ms.max,
                r.rss_mib,
                r.failed
            );
        }
        for r in self.rows() {
            if let Some(((t, ts), (p, ps))) = r.vs_tokio {
                s += &format!(
                    "{} vs tokio: throughput {t:.2}x [{:.2}-{:.2}], p99 {p:.2}x [{:.2}-{:.2}]\n",
                    r.kind, ts.min, ts.max, ps.min, ps.max
                );
            }
        }
        s += &format!(
            "processes: {} server groups started, {} problems\n",
            self.groups.len(),
            self.leftovers.len()
        );
        s
    }

    pub fn json(&self) -> String {
        let spread = |s: Spread| json!({"median": s.median, "min": s.min, "max": s.max});
        let rows: Vec<_> = self
            .rows()
            .iter()
            .map(|r| {
                json!({
                    "engine": r.kind, "rps": spread(r.rps), "p50_ms": spread(r.p50_ms),
                    "p99_ms": spread(r.p99_ms), "peak_rss_mib": r.rss_mib, "failed": r.failed,
                    "vs_tokio": r.vs_tokio.map(|((t, ts), (p, ps))| json!({
                        "throughput": t, "throughput_range": [ts.min, ts.max],
                        "p99": p, "p99_range": [ps.min, ps.max],
                    })),
                })
            })
            .collect();
        let value = json!({
            "machine": {"cores": self.machine.cores, "kernel": self.machine.kernel},
            "versions": self.versions.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "load_before": self.load_before, "load_after": self.load_after, "busy": self.busy,
            "conns": self.opts.conns, "trips": self.opts.trips, "rounds": self.opts.rounds,
            "results": rows,
            "process_groups": self.groups,
            "leftovers": self.leftovers,
            "load_generator_rss_kib": self.generator_rss_kib,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    pub fn markdown(&self) -> String {
        let mut s =
            String::from("<!-- Written by engines_bench --results; do not edit by hand. -->\n\n");
        for l in self.header() {
            s += &format!("- {l}\n");
        }
        s += "\n| engine | req/s median | min–max | p50 ms | p99 ms (min–max) | peak RSS MiB | × tokio req/s | × tokio p99 |\n";
        s += "|---|---:|---:|---:|---:|---:|---:|---:|\n";
        for r in self.rows() {
            let (t, p) = match r.vs_tokio {
                Some(((t, ts), (p, ps))) => (
                    format!("{t:.2} ({:.2}–{:.2})", ts.min, ts.max),
                    format!("{p:.2} ({:.2}–{:.2})", ps.min, ps.max),
                ),
                None => (String::new(), String::new()),
            };
            s += &format!(
                "| {} | {:.0} | {:.0}–{:.0} | {:.2} | {:.2} ({:.2}–{:.2}) | {:.1} | {t} | {p} |\n",
                r.kind,
                r.rps.median,
                r.rps.min,
                r.rps.max,
                r.p50_ms.median,
                r.p99_ms.median,
                r.p99_ms.min,
                r.p99_ms.max,
                r.rss_mib
            );
        }
        s += &format!(
            "\nReproduce: `cargo run --release -p chapter-04 --example engines_bench -- --conns {} --trips {} --rounds {} --results chapters/chapter-04/bench-results.md`\n",
            self.opts.conns, self.opts.trips, self.opts.rounds
        );
        s
    }
}
