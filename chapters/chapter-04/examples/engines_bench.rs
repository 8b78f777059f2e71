//! The chapter's benchmark: 10,000 concurrent connections, each sending
//! lines and waiting for the echo, against `poll`, `coroutine`, `tokio` and a
//! thread per connection. It prints throughput, p50/p99 round-trip latency
//! and the server's peak RSS, and ratios against tokio measured in the same
//! run.
//!
//! ```text
//! cargo run --release -p chapter-04 --example engines_bench
//! cargo run --release -p chapter-04 --example engines_bench -- --conns 2000 --trips 20 --rounds 5
//! ```
//!
//! Each server runs in a child process (this program with `--serve KIND`)
//! in a process group of its own, so each process needs ~10,000
//! descriptors, within the 20,000 hard limit, and the server's peak RSS
//! (`VmHWM`) is its own. The load is one thread with a `mio` loop: every
//! connection sends a line, waits for its echo, sends the next, `--trips`
//! times. LuaSocket's `select` could not take part: it refuses descriptors
//! above `FD_SETSIZE` (1024), about 1,021 clients.
//!
//! What keeps it honest is [`chapter_04::bench`]: the machine and its load
//! are printed and a busy machine is refused (`--allow-busy` measures
//! anyway, marked BUSY); the engines alternate round by round, `--rounds`
//! times, and each figure is a median with its min–max (peak RSS: the
//! largest); every server's process group is stopped and checked empty.
//! `--json` prints JSON; `--results FILE` writes the Markdown the book
//! includes.
//!
//! # Layout
//! `Opts`/`parse`; the servers (`child`, `threads`, `blocking_session`);
//! `Figures`, `measure`, `main`, `run`; `engines_bench/load.rs`: the load;
//! `engines_bench/report.rs`: the table, JSON and the results file.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use chapter_04::bench::{Group, Machine, load_average, show_load, tool_version};
use chapter_04::conn::{Conn, Input};
use chapter_04::control::{Options, Stop};
use chapter_04::engine::{Engine, serve};
use chapter_04::session::{Echo, Kind, Session, Step};
use harness::swarm::sys::{peak_rss_kib, raise_fd_limit};

const KINDS: [&str; 4] = ["poll", "coroutine", "tokio", "threads"];

struct Opts {
    conns: usize,
    trips: usize,
    rounds: usize,
    kinds: Vec<String>,
    allow_busy: bool,
    json: bool,
    results: Option<String>,
    serve: Option<String>,
}

fn parse() -> Result<Opts, String> {
    let mut o = Opts {
        conns: 10_000,
        trips: 20,
        rounds: 5,
        kinds: KINDS.iter().map(|k| k.to_string()).collect(),
        allow_busy: false,
        json: false,
        results: None,
        serve: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--conns" => o.conns = value()?.parse().map_err(|e| format!("--conns: {e}"))?,
            "--trips" => o.trips = value()?.parse().map_err(|e| format!("--trips: {e}"))?,
            "--rounds" => o.rounds = value()?.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--engines" => o.kinds = value()?.split(',').map(String::from).collect(),
            "--allow-busy" => o.allow_busy = true,
            "--json" => o.json = true,
            "--results" => o.results = Some(value()?),
            "--serve" => o.serve = Some(value()?),
            other => {
                return Err(format!(
                    "unknown argument {other:?} (try --conns N --trips N --rounds N \
                     --engines poll,coroutine,tokio,threads --allow-busy --json --results FILE)"
                ));
            }
        }
    }
    Ok(o)
}

/// Child mode: serve echo sessions until stdin closes.
fn child(kind: &str) -> io::Result<()> {
    raise_fd_limit(20_000)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?);
    std::thread::spawn(|| {
        let _ = io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let engine = match kind {
        "poll" => Engine::Poll,
        "coroutine" => Engine::Coroutine,
        "tokio" => Engine::Tokio,
        _ => return threads(listener),
    };
    serve(
        engine,
        listener,
        Kind::Echo,
        Options::default(),
        &Stop::new(),
    )
}

/// The thread-per-connection server, with the same session core.
fn threads(listener: TcpListener) -> io::Result<()> {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let spawned = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || blocking_session(stream));
        if let Err(e) = spawned {
            eprintln!("cannot start a thread: {e}");
        }
    }
    Ok(())
}

fn blocking_session(mut stream: TcpStream) -> io::Result<()> {
    let (mut conn, mut session, mut buf) = (Conn::default(), Echo, [0u8; 1024]);
    loop {
        while let Input::Line(line) = conn.next_line() {
            if session.on_line(&line, conn.out_mut()) != Step::Continue {
                return Ok(());
            }
        }
        stream.write_all(conn.unsent())?;
        let n = conn.pending();
        conn.written(n);
        match stream.read(&mut buf)? {
            0 => return Ok(()),
            n => conn.feed(&buf[..n]),
        }
    }
}

struct Figures {
    secs: f64,
    requests: usize,
    p50: Duration,
    p99: Duration,
    rss_kib: u64,
    failed: usize,
}

fn vm_hwm_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("");
    line.split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// One engine once: its server child started in a group of its own, the
/// load played, the group stopped and checked empty.
fn measure(kind: &str, conns: usize, trips: usize) -> io::Result<(Figures, u32)> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["--serve", kind])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(cmd)?;
    let out = group
        .child()
        .stdout
        .take()
        .ok_or(io::Error::other("no stdout"))?;
    let mut first = String::new();
    BufReader::new(out).read_line(&mut first)?;
    let addr: SocketAddr = first
        .trim()
        .parse()
        .map_err(|_| io::Error::other(format!("child said {first:?}")))?;
    let result = load(addr, conns, trips);
    let rss_kib = vm_hwm_kib(group.id());
    // Closing its stdin asks the child to exit; stop() makes sure.
    drop(group.child().stdin.take());
    group.wait_for(Duration::from_secs(5));
    group.stop()?;
    let (secs, mut lat, failed) = result?;
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let figures = Figures {
        secs,
        requests: lat.len(),
        p50: pct(0.50),
        p99: pct(0.99),
        rss_kib,
        failed,
    };
    Ok((figures, group.id()))
}

fn main() {
    let opts = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("engines_bench: {e}");
            std::process::exit(2);
        }
    };
    if let Some(kind) = &opts.serve {
        if let Err(e) = child(kind) {
            eprintln!("engines_bench --serve {kind}: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Err(e) = run(&opts) {
        eprintln!("engines_bench: {e}");
        std::process::exit(1);
    }
}

fn run(opts: &Opts) -> io::Result<()> {
    let machine = Machine::here();
    let load_before = load_average();
    let busy = machine.busy(load_before);
    if busy && !opts.allow_busy {
        return Err(io::Error::other(format!(
            "the machine is busy (1-minute load {} on {} cores, limit {:.2} per core): \
             wait, or pass --allow-busy to measure anyway (marked BUSY)",
            show_load(load_before),
            machine.cores,
            chapter_04::bench::BUSY_PER_CORE
        )));
    }
    if let Err(e) = raise_fd_limit(20_000) {
        eprintln!("engines_bench: cannot raise the descriptor limit: {e}");
    }
    let mut runs: Vec<Vec<Figures>> = opts.kinds.iter().map(|_| Vec::new()).collect();
    let (mut groups, mut leftovers) = (Vec::new(), Vec::new());
    for r in 0..opts.rounds {
        // Rotate the order each round, so no engine always goes first.
        for k in 0..opts.kinds.len() {
            let i = (k + r) % opts.kinds.len();
            let kind = &opts.kinds[i];
            match measure(kind, opts.conns, opts.trips) {
                Ok((f, group)) => {
                    eprintln!(
                        "round {}: {kind:<10} {:>10.0} req/s  p99 {:>8.2?}  peak RSS {:.1} MiB  failed {}",
                        r + 1,
                        f.requests as f64 / f.secs,
                        f.p99,
                        f.rss_kib as f64 / 1024.0,
                        f.failed
                    );
                    groups.push(group);
                    runs[i].push(f);
                }
                Err(e) => leftovers.push(format!("{kind}: {e}")),
            }
        }
    }
    let report = report::Report {
        opts,
        machine,
        versions: vec![(
            "rustc on PATH".into(),
            tool_version("rustc", &["--version"]),
        )],
        load_before,
        load_after: load_average(),
        busy,
        runs,
        groups,
        leftovers,
        generator_rss_kib: peak_rss_kib(),
    };
    if opts.json {
        println!("{}", report.json());
    } else {
        print!("{}", report.text());
    }
    if let Some(path) = &opts.results {
        std::fs::write(path, report.markdown())?;
    }
    if !report.leftovers.is_empty() {
        return Err(io::Error::other(format!(
            "failed or left processes behind: {}",
            report.leftovers.join("; ")
        )));
    }
    Ok(())
}

#[path = "engines_bench/load.rs"]
mod load;
#[path = "engines_bench/report.rs"]
mod report;
use load::load;
