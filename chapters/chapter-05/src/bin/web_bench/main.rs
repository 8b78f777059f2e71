//! The chapter's benchmark: `wrk` against our web server (each `--engine`)
//! and against nginx serving the same 1 KiB file on loopback, with
//! keep-alive and with `Connection: close`.
//!
//! ```text
//! cargo run --release -p chapter-05 --bin web_bench -- --results chapters/chapter-05/bench-results.md
//! ```
//!
//! Needs `wrk` and `nginx` (Debian: `apt-get install wrk nginx-light`;
//! `--without-nginx` measures ours alone). What keeps it honest is in
//! [`chapter_04::bench`]: the machine and the load average are printed, a
//! busy machine is refused (`--allow-busy` measures anyway, marked BUSY);
//! contenders alternate round by round and each figure is the median of
//! the rounds with their min–max; every process (servers, nginx and its
//! workers, wrk) runs in a process group of its own that is stopped and
//! checked empty at the end. nginx runs as packaged defaults would have it:
//! `worker_processes auto` (one per core), sendfile on, no access log.
//!
//! Our servers run as child processes too (this program with `--serve
//! ENGINE`), so they and nginx are measured the same way: the same code as
//! `webserver --quiet`, in a process of its own.
//!
//! # Layout
//! `Args`, `main`, `bench`, `measure_all`, `round`; `Contender`,
//! `start_ours`, `serve_child`; [`peers`]: nginx and wrk; [`report`]: the
//! table, JSON and the results file.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, bail};
use chapter_04::bench::{Group, Machine, load_average, show_load, tool_version};
use chapter_05::cli::finish;
use chapter_05::server::{Config, Engine, Shutdown, run};
use chapter_05::site::Site;
use clap::Parser;

/// Compare webserver's engines with nginx under wrk: keep-alive and Connection: close.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 5)]
    seconds: u32,
    /// Rounds; each runs every contender in both modes, in turn (at least 5
    /// for a result; fewer are marked as not one).
    #[arg(long, default_value_t = 5)]
    rounds: u32,
    /// Concurrent connections wrk keeps open.
    #[arg(long, default_value_t = 50)]
    connections: u32,
    /// wrk threads.
    #[arg(long, default_value_t = 2)]
    threads: u32,
    /// Our engines to measure.
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["threads", "pool", "poll"])]
    engines: Vec<Engine>,
    /// nginx's worker_processes: `auto` (one per core) or a number.
    #[arg(long, default_value = "auto")]
    nginx_workers: String,
    /// Measure without nginx (no ratios).
    #[arg(long)]
    without_nginx: bool,
    /// Measure even when the machine is busy (the result is marked BUSY).
    #[arg(long)]
    allow_busy: bool,
    /// Print JSON on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// Also write the results as Markdown to this file (the book includes it).
    #[arg(long)]
    results: Option<PathBuf>,
    /// Internal: serve DIR with ENGINE, print the port, stop when stdin closes.
    #[arg(long, hide = true, num_args = 2, value_names = ["ENGINE", "DIR"])]
    serve: Option<Vec<String>>,
}

const MODES: [&str; 2] = ["keep-alive", "close"];

/// A server being measured, in its own process group.
struct Contender {
    name: String,
    port: u16,
    group: Group,
}

/// Everything measured: per contender and mode, one figure per round.
struct Outcome {
    machine: Machine,
    versions: Vec<(String, String)>,
    load_before: Option<f64>,
    load_after: Option<f64>,
    busy: bool,
    names: Vec<String>,
    /// `rps[contender][mode]`: requests per second, one per round.
    rps: Vec<[Vec<f64>; 2]>,
    errors: u64,
    groups: Vec<u32>,
    leftovers: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(serve) = &args.serve {
        return finish("web_bench --serve", serve_child(&serve[0], &serve[1]));
    }
    finish("web_bench", bench(&args))
}

fn bench(args: &Args) -> anyhow::Result<()> {
    let machine = Machine::here();
    let load_before = load_average();
    let busy = machine.busy(load_before);
    if busy && !args.allow_busy {
        bail!(
            "the machine is busy (1-minute load {} on {} cores, limit {:.2} per core): \
             a benchmark now measures the other work too. Wait, or pass --allow-busy \
             to measure anyway (the result is then marked BUSY)",
            show_load(load_before),
            machine.cores,
            chapter_04::bench::BUSY_PER_CORE
        );
    }
    let dir = tempfile::tempdir()?;
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www)?;
    let page: String = (0..1024).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    std::fs::write(www.join("bench.html"), page)?;
    let mut contenders: Vec<Contender> = Vec::new();
    for engine in &args.engines {
        contenders.push(start_ours(*engine, &www)?);
    }
    if !args.without_nginx {
        contenders.push(start_nginx(dir.path(), &args.nginx_workers)?);
    }
    let measured = measure_all(args, &mut contenders);
    let load_after = load_average();
    let Measured {
        rps,
        errors,
        groups,
        names,
        leftovers,
    } = measured?;
    let mut versions = vec![
        (
            "rustc on PATH".into(),
            tool_version("rustc", &["--version"]),
        ),
        // wrk's line goes on with its copyright: keep the version.
        (
            "wrk".into(),
            tool_version("wrk", &["--version"])
                .split(" Copyright")
                .next()
                .unwrap_or("")
                .to_string(),
        ),
    ];
    if !args.without_nginx {
        versions.push(("nginx".into(), tool_version("nginx", &["-v"])));
    }
    let outcome = Outcome {
        machine,
        versions,
        load_before,
        load_after,
        busy,
        names,
        rps,
        errors,
        groups,
        leftovers,
    };
    if args.json {
        println!("{}", report_json(args, &outcome));
    } else {
        print!("{}", report_text(args, &outcome));
    }
    if let Some(path) = &args.results {
        std::fs::write(path, results_markdown(args, &outcome))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !outcome.leftovers.is_empty() {
        bail!("processes survived: {}", outcome.leftovers.join("; "));
    }
    Ok(())
}

/// Per contender and mode, requests/s per round (as in [`Outcome`]).
type Rps = Vec<[Vec<f64>; 2]>;

/// What [`measure_all`] found.
struct Measured {
    rps: Rps,
    errors: u64,
    groups: Vec<u32>,
    names: Vec<String>,
    leftovers: Vec<String>,
}

/// Runs the rounds, then stops every contender's group (whatever the
/// rounds did) and notes the groups that would not empty.
fn measure_all(args: &Args, contenders: &mut [Contender]) -> anyhow::Result<Measured> {
    let mut rps = vec![[Vec::new(), Vec::new()]; contenders.len()];
    let mut errors = 0;
    let measured = (0..args.rounds as usize)
        .try_for_each(|r| round(args, r, contenders, &mut rps, &mut errors));
    let groups = contenders.iter().map(|c| c.group.id()).collect();
    let names = contenders.iter().map(|c| c.name.clone()).collect();
    let mut leftovers = Vec::new();
    for c in contenders.iter_mut() {
        if let Err(e) = c.group.stop() {
            leftovers.push(format!("{}: {e}", c.name));
        }
    }
    measured?;
    Ok(Measured {
        rps,
        errors,
        groups,
        names,
        leftovers,
    })
}

/// One round: every mode, every contender, in an order that rotates with
/// the round so that none is always first (or always after the same one).
fn round(
    args: &Args,
    r: usize,
    contenders: &[Contender],
    rps: &mut Rps,
    errors: &mut u64,
) -> anyhow::Result<()> {
    let n = contenders.len();
    for (mode, name) in MODES.iter().enumerate() {
        for k in 0..n {
            let i = (k + r) % n;
            let (got, errs) = wrk(args, contenders[i].port, mode == 1)?;
            eprintln!(
                "round {}: {:16} {name:10} {got:>10.0} req/s{}",
                r + 1,
                contenders[i].name,
                if errs > 0 { " (errors)" } else { "" }
            );
            rps[i][mode].push(got);
            *errors += errs;
        }
    }
    Ok(())
}

/// Starts this program as a server child (`--serve ENGINE DIR`).
fn start_ours(engine: Engine, www: &Path) -> anyhow::Result<Contender> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("--serve")
        .arg(engine.name())
        .arg(www)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(cmd)?;
    let mut line = String::new();
    let out = group.child().stdout.take().context("no stdout")?;
    BufReader::new(out).read_line(&mut line)?;
    let port = line
        .trim()
        .parse()
        .with_context(|| format!("the server child said {line:?}"))?;
    Ok(Contender {
        name: format!("webserver {}", engine.name()),
        port,
        group,
    })
}

/// Child mode: serves `dir` on a free port (printed) until stdin closes.
fn serve_child(engine: &str, dir: &str) -> anyhow::Result<()> {
    let engine =
        <Engine as clap::ValueEnum>::from_str(engine, false).map_err(anyhow::Error::msg)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?.port());
    let stop = Shutdown::new(&listener)?;
    let watcher = stop.clone();
    // The parent closing our stdin (or dying) is the signal to stop.
    std::thread::spawn(move || {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        watcher.trigger();
    });
    let site = Site {
        root: PathBuf::from(dir).canonicalize()?,
        quit: false,
    };
    let config = Config {
        engine,
        ..Config::default()
    };
    Ok(run(listener, site, config, stop)?)
}

mod peers;
use peers::{start_nginx, wrk};
mod report;
use report::{report_json, report_text, results_markdown};
