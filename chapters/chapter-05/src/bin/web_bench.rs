//! The chapter's benchmark: `wrk` against our web server and against nginx
//! (one worker, access log off) serving the same 1 KiB file on loopback,
//! alternating between them in one run, with keep-alive and with
//! `Connection: close`; prints requests/s and the ratios.
//!
//! `cargo run --release -p chapter-05 --bin web_bench` (needs `wrk` and
//! `nginx`; Debian: `apt-get install wrk nginx-light`). Our server runs in
//! this process with the same code as `webserver --quiet`.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chapter_05::cli::finish;
use chapter_05::server::{Config, Shutdown, run};
use chapter_05::site::Site;
use clap::Parser;

/// Compare webserver with nginx under wrk: keep-alive and Connection: close.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 5)]
    seconds: u32,
    /// Rounds (each runs both servers in both modes, alternating).
    #[arg(long, default_value_t = 3)]
    rounds: u32,
    /// Concurrent connections wrk keeps open.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// wrk threads.
    #[arg(long, default_value_t = 1)]
    threads: u32,
}

/// nginx in a temporary prefix: one worker, no access log. It runs in a
/// process group of its own, and dropping it stops the whole group: killing
/// the master alone left its workers running, using CPU in later runs.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        stop_group(&mut self.0);
    }
}

/// Asks the group to stop (nginx's master stops its workers on SIGTERM),
/// waits for the master at most 5 s, then kills what is left of the group.
#[cfg(unix)]
fn stop_group(child: &mut Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let group = Pid::from_child(child);
    let _ = kill_process_group(group, Signal::TERM);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !matches!(child.try_wait(), Ok(Some(_))) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = kill_process_group(group, Signal::KILL);
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(not(unix))]
fn stop_group(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until something accepts on `port` (bounded).
fn wait_listening(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("nothing listens on port {port} after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

fn start_nginx(dir: &Path, port: u16) -> anyhow::Result<Nginx> {
    let conf = format!(
        "worker_processes 1;\ndaemon off;\nerror_log {d}/error.log;\npid {d}/nginx.pid;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/tmp;\n  proxy_temp_path {d}/tmp;\n  fastcgi_temp_path {d}/tmp;\n  uwsgi_temp_path {d}/tmp;\n  scgi_temp_path {d}/tmp;\n  \
         default_type text/html;\n  server {{\n    listen 127.0.0.1:{port};\n    root {d}/www;\n  }}\n}}\n",
        d = dir.display()
    );
    std::fs::create_dir_all(dir.join("tmp"))?;
    std::fs::write(dir.join("nginx.conf"), conf)?;
    let mut cmd = Command::new("nginx");
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let child = cmd
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start nginx (apt-get install nginx-light)")?;
    let nginx = Nginx(child);
    wait_listening(port)?;
    Ok(nginx)
}

/// One wrk run; its requests per second.
fn wrk(args: &Args, port: u16, close: bool) -> anyhow::Result<f64> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t",
        &args.threads.to_string(),
        "-c",
        &args.connections.to_string(),
    ])
    .args(["-d", &format!("{}s", args.seconds)]);
    if close {
        cmd.args(["-H", "Connection: close"]);
    }
    let out = cmd
        .arg(format!("http://127.0.0.1:{port}/bench.html"))
        .output()
        .context("cannot run wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx") {
        bail!("wrk saw errors against port {port}:\n{text}");
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))
}

fn bench(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir_all(dir.path().join("www"))?;
    let page: String = (0..1024).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    std::fs::write(dir.path().join("www/bench.html"), page)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let ours = listener.local_addr()?.port();
    let stop = Shutdown::new(&listener)?;
    let site = Site {
        root: dir.path().join("www"),
        quit: false,
    };
    let server = {
        let stop = stop.clone();
        std::thread::spawn(move || run(listener, site, Config::default(), stop))
    };
    let nginx_port = free_port()?;
    let _nginx = start_nginx(dir.path(), nginx_port)?;
    let mut best = [[0f64; 2]; 2]; // [mode][server]
    for round in 1..=args.rounds {
        for (mode, close) in [(0, false), (1, true)] {
            for (which, port) in [(0, ours), (1, nginx_port)] {
                let rps = wrk(&args, port, close)?;
                let name = ["webserver", "nginx"][which];
                eprintln!(
                    "round {round}: {name:9} {:10} {rps:>10.0} req/s",
                    ["keep-alive", "close"][mode]
                );
                best[mode][which] = best[mode][which].max(rps);
            }
        }
    }
    stop.trigger();
    let _ = server.join();
    println!(
        "best of {} rounds, {} s each, {} connections, 1 KiB file:",
        args.rounds, args.seconds, args.connections
    );
    for (mode, target) in [("keep-alive", 1.0), ("Connection: close", 0.8)] {
        let i = usize::from(mode != "keep-alive");
        let [ours, nginx] = best[i];
        println!(
            "{mode:18} webserver {ours:>9.0} req/s   nginx {nginx:>9.0} req/s   ratio {:.2} (target >= {target})",
            ours / nginx
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    finish("web_bench", bench(Args::parse()))
}
