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
//! `Args`, `main`, `bench`; `Contender` (starting one), `round`, `wrk`;
//! reports: `report_text`, `report_json`, `results_markdown`; `serve_child`.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

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
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["threads", "pool"])]
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
    let mut contenders = Vec::new();
    for engine in &args.engines {
        contenders.push(start_ours(*engine, &www)?);
    }
    if !args.without_nginx {
        contenders.push(start_nginx(dir.path(), &args.nginx_workers)?);
    }
    let mut rps = vec![[Vec::new(), Vec::new()]; contenders.len()];
    let mut errors = 0;
    let measured = (0..args.rounds as usize)
        .try_for_each(|r| round(args, r, &contenders, &mut rps, &mut errors));
    let load_after = load_average();
    let groups = contenders.iter().map(|c| c.group.id()).collect();
    let names = contenders.iter().map(|c| c.name.clone()).collect();
    let mut leftovers = Vec::new();
    for c in &mut contenders {
        match c.group.stop() {
            Ok(_) => {}
            Err(e) => leftovers.push(format!("{}: {e}", c.name)),
        }
    }
    measured?;
    let mut versions = vec![
        ("rustc".into(), tool_version("rustc", &["--version"])),
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

/// One round: every mode, every contender, in an order that rotates with
/// the round so that none is always first (or always after the same one).
fn round(
    args: &Args,
    r: usize,
    contenders: &[Contender],
    rps: &mut [[Vec<f64>; 2]],
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

/// nginx in a temporary prefix: as packaged (worker_processes auto,
/// sendfile on), minus the access log, which our server does not write
/// either when `--quiet`.
fn start_nginx(dir: &Path, workers: &str) -> anyhow::Result<Contender> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let conf = format!(
        "worker_processes {workers};\ndaemon off;\nerror_log {d}/error.log;\npid {d}/nginx.pid;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  \
         client_body_temp_path {d}/tmp;\n  proxy_temp_path {d}/tmp;\n  fastcgi_temp_path {d}/tmp;\n  \
         uwsgi_temp_path {d}/tmp;\n  scgi_temp_path {d}/tmp;\n  \
         default_type text/html;\n  server {{\n    listen 127.0.0.1:{port};\n    root {d}/www;\n  }}\n}}\n",
        d = dir.display()
    );
    std::fs::create_dir_all(dir.join("tmp"))?;
    std::fs::write(dir.join("nginx.conf"), conf)?;
    let mut cmd = Command::new("nginx");
    cmd.arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let group = Group::spawn(cmd).context("cannot start nginx (apt-get install nginx-light)")?;
    let contender = Contender {
        name: format!("nginx ({workers} workers)"),
        port,
        group,
    };
    wait_listening(port, &dir.join("error.log"))?;
    Ok(contender)
}

/// Connects until nginx accepts on `port`, at most 10 s. nginx gives no
/// other sign that it listens (`daemon off` prints nothing).
fn wait_listening(port: u16, log: &Path) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1))
        .is_err()
    {
        if Instant::now() > deadline {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            bail!("nginx does not listen on port {port} after 10 s; its log:\n{said}");
        }
        // A refused connect returns at once: pause so as not to spin.
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// One wrk run, in a process group of its own, bounded in time: its
/// requests per second and its error count (socket errors and non-2xx).
fn wrk(args: &Args, port: u16, close: bool) -> anyhow::Result<(f64, u64)> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t", &args.threads.to_string()])
        .args(["-c", &args.connections.to_string()])
        .args(["-d", &format!("{}s", args.seconds)]);
    if close {
        cmd.args(["-H", "Connection: close"]);
    }
    cmd.arg(format!("http://127.0.0.1:{port}/bench.html"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut group = Group::spawn(cmd).context("cannot run wrk (apt-get install wrk)")?;
    let mut text = String::new();
    let mut out = group.child().stdout.take().context("no stdout")?;
    // wrk prints at its end; the read ends when it exits (or is killed).
    let limit = Duration::from_secs(u64::from(args.seconds) + 30);
    let reader = std::thread::spawn(move || {
        let _ = out.read_to_string(&mut text);
        text
    });
    let exited = group.wait_for(limit);
    group.stop()?;
    let text = reader.join().unwrap_or_default();
    if !exited {
        bail!("wrk did not finish within {limit:?}");
    }
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    Ok((rps, wrk_errors(&text)))
}

/// The errors wrk reports: `Socket errors: connect 0, read 3, write 0,
/// timeout 0` and `Non-2xx or 3xx responses: 12`.
fn wrk_errors(text: &str) -> u64 {
    let numbers = |s: &str| -> u64 {
        s.split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse::<u64>().ok())
            .sum()
    };
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("Socket errors:")
                .or_else(|| l.strip_prefix("Non-2xx or 3xx responses:"))
        })
        .map(numbers)
        .sum()
}

mod report;
use report::{report_json, report_text, results_markdown};
