//! The programs `web_bench` measures against and with: nginx (started in
//! a temporary prefix, in its own process group) and wrk (one bounded run
//! in its own process group, its figures and errors parsed).
//!
//! # Layout
//! `start_nginx`, `wait_listening`, `wrk`, `wrk_errors`.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chapter_04::bench::Group;

use super::{Args, Contender};

/// nginx in a temporary prefix: as packaged (worker_processes auto,
/// sendfile on), minus the access log, which our server does not write
/// either when `--quiet`.
pub fn start_nginx(dir: &Path, workers: &str) -> anyhow::Result<Contender> {
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
pub fn wrk(args: &Args, port: u16, close: bool) -> anyhow::Result<(f64, u64)> {
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
