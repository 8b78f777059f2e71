//! Runs a big client swarm and prints its figures.
//!
//! ```text
//! cargo run --release -p harness --example swarm -- --clients 10000
//! cargo run --release -p harness --example swarm -- --clients 2000 --order reverse --mixed
//! cargo run --release -p harness --example swarm -- --addr 127.0.0.1:7000   # your own server
//! ```
//!
//! Without `--addr` it starts its own server in a child process (a
//! single-threaded `poll(2)` line echo), because 10,000 connections need
//! 20,000 descriptors when both ends live in one process. The child exits
//! when its stdin (a pipe from us) closes, and prints its own figures.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use harness::peer::poll::{PollFlags, poll, ready, want};
use harness::swarm::{Order, Swarm, sys};

/// Most bytes a server connection buffers before it stops reading it.
const MAX_PENDING: usize = 256 << 10;

struct Opts {
    clients: usize,
    order: Order,
    mixed: bool,
    addr: Option<SocketAddr>,
    timeout: Duration,
    serve: bool,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        clients: 10_000,
        order: Order::Interleaved,
        mixed: false,
        addr: None,
        timeout: Duration::from_secs(300),
        serve: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--clients" => o.clients = value()?.parse().map_err(|e| format!("--clients: {e}"))?,
            "--order" => {
                o.order = match value()?.as_str() {
                    "interleaved" => Order::Interleaved,
                    "reverse" => Order::Reverse,
                    other => {
                        return Err(format!("--order: {other:?} is not interleaved or reverse"));
                    }
                }
            }
            "--mixed" => o.mixed = true,
            "--addr" => o.addr = Some(value()?.parse().map_err(|e| format!("--addr: {e}"))?),
            "--timeout" => {
                o.timeout =
                    Duration::from_secs(value()?.parse().map_err(|e| format!("--timeout: {e}"))?)
            }
            "--serve" => o.serve = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (see the doc comment of examples/swarm.rs)"
                ));
            }
        }
    }
    Ok(o)
}

fn main() {
    let opts = parse_args().unwrap_or_else(|e| {
        eprintln!("swarm: {e}");
        std::process::exit(2)
    });
    if opts.serve {
        return serve_echo();
    }
    let mut child = None;
    let addr = match opts.addr {
        Some(a) => a,
        None => {
            let (c, a) = start_child();
            child = Some(c);
            a
        }
    };
    let mut swarm = Swarm::new(addr)
        .clients(opts.clients)
        .order(opts.order)
        .connect_batch(256);
    if opts.mixed {
        swarm = swarm.mixed().silent_bytes(16 << 10);
    }
    eprintln!(
        "swarm: {} clients, {:?} order, against {addr}",
        opts.clients, opts.order
    );
    let report = swarm.run(opts.timeout);
    println!("swarm: {report}");
    for f in report.failures().iter().take(10) {
        println!(
            "  {} ({:?}): {}",
            f.name,
            f.behaviour,
            f.outcome.as_ref().unwrap_err()
        );
    }
    if let Some(mut c) = child {
        drop(c.stdin.take());
        let _ = c.wait();
    }
    std::process::exit(if report.failures().is_empty() { 0 } else { 1 });
}

fn start_child() -> (std::process::Child, SocketAddr) {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .arg("--serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cannot start the echo server child");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("child prints its address");
    let addr = line
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("child printed {line:?}: {e}"));
    (child, addr)
}

/// A single-threaded poll echo server; ends when stdin closes.
fn serve_echo() {
    sys::raise_fd_limit(20_000).expect("raise RLIMIT_NOFILE");
    let listener = harness::peer::listen("127.0.0.1:0".parse().expect("address")).expect("bind");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    println!("{}", listener.local_addr().expect("address"));
    std::io::stdout().flush().expect("flush");
    // A thread waits for stdin's end and then closes its end of a wake
    // pair, which the poll loop watches: polling stdin itself works on Unix
    // only (Windows polls sockets, not pipes).
    let (stop_tx, stop) = harness::peer::wake::pair().expect("wake pair");
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        drop(stop_tx);
    });
    let mut conns: Vec<(TcpStream, Vec<u8>)> = Vec::new();
    let mut peak = 0;
    loop {
        let mut fds = vec![want(&stop, PollFlags::IN), want(&listener, PollFlags::IN)];
        fds.extend(conns.iter().map(|(s, out)| {
            let mut events = PollFlags::empty();
            events.set(PollFlags::IN, out.len() < MAX_PENDING);
            events.set(PollFlags::OUT, !out.is_empty());
            want(s, events)
        }));
        poll(&mut fds, Some(Duration::from_secs(1))).expect("poll");
        let woken: Vec<bool> = fds.iter().map(ready).collect();
        if woken[0] {
            break;
        }
        if woken[1] {
            accept_all(&listener, &mut conns);
            peak = peak.max(conns.len());
        }
        let ready = woken[2..].to_vec();
        let mut keep = Vec::with_capacity(conns.len());
        for ((mut s, mut out), r) in conns
            .drain(..)
            .zip(ready.into_iter().chain(std::iter::repeat(false)))
        {
            if !r || service(&mut s, &mut out) {
                keep.push((s, out));
            }
        }
        conns = keep;
    }
    eprintln!(
        "server: peak {peak} connections, peak RSS {:.1} MiB",
        sys::peak_rss_kib().unwrap_or(0) as f64 / 1024.0
    );
}

fn accept_all(listener: &TcpListener, conns: &mut Vec<(TcpStream, Vec<u8>)>) {
    for _ in 0..1024 {
        match listener.accept() {
            Ok((s, _)) => {
                s.set_nonblocking(true).expect("non-blocking");
                conns.push((s, Vec::new()));
            }
            Err(_) => return,
        }
    }
}

/// Reads and echoes what is ready; false when the connection is over.
fn service(s: &mut TcpStream, out: &mut Vec<u8>) -> bool {
    let mut buf = [0u8; 4096];
    if out.len() < MAX_PENDING {
        match s.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return false,
        }
    }
    while !out.is_empty() {
        match s.write(out) {
            Ok(n) => drop(out.drain(..n)),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(_) => return false,
        }
    }
    true
}
