//! `udp_bench`: connected (`connect` + `send`) against unconnected
//! (`send_to`) datagram sending, measured in the same run.
//!
//! Seed 001 says a UDP socket with a fixed partner (`setpeername`) sends
//! about 30% faster. The reason is in the kernel: for an unconnected socket
//! every `sendto` carries an address that must be copied in, checked and
//! routed; a connected socket did that once, at `connect`, and caches the
//! route. This program sends the same datagrams both ways to a socket on
//! loopback, alternating the two kinds of round so that a busy machine
//! slows both alike, and prints the best round of each, their ratio, and
//! the median ratio of the round pairs.
//!
//! Run it: `cargo run --release -p chapter-03 --bin udp_bench`.

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// Measure connected against unconnected UDP sending on loopback.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Datagrams per round.
    #[arg(long, default_value_t = 200_000)]
    datagrams: u64,
    /// Payload bytes per datagram.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(0..=1400))]
    size: u16,
    /// Rounds of each kind (the best one counts).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    rounds: u32,
}

/// How one round sends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Unconnected,
    Connected,
}

// ANCHOR: round
/// Sends `n` datagrams the `mode` way; returns datagrams per second.
fn round(mode: Mode, to: SocketAddr, payload: &[u8], n: u64) -> std::io::Result<f64> {
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    if mode == Mode::Connected {
        socket.connect(to)?; // setpeername: the address is given once
    }
    let start = Instant::now();
    for _ in 0..n {
        let sent = match mode {
            Mode::Unconnected => socket.send_to(payload, to),
            Mode::Connected => socket.send(payload),
        };
        // ENOBUFS when the machine is swamped: a dropped datagram, not a failure.
        if let Err(e) = sent
            && e.raw_os_error() != Some(rustix::io::Errno::NOBUFS.raw_os_error())
        {
            return Err(e);
        }
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}
// ANCHOR_END: round

fn grouped(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn run(args: &Args) -> std::io::Result<()> {
    // Nobody reads the sink: once its queue is full, the kernel drops each
    // datagram at the queue, after the whole send path, the same for both
    // kinds of round (and no reader thread competes for the CPU).
    let sink = UdpSocket::bind("127.0.0.1:0")?;
    let to = sink.local_addr()?;
    let payload = vec![0x42u8; usize::from(args.size)];
    println!(
        "udp_bench: {} datagrams of {} bytes to {to} per round, {} rounds of each kind",
        args.datagrams, args.size, args.rounds
    );
    let (mut best_u, mut best_c) = (0f64, 0f64);
    let mut ratios = Vec::new();
    for r in 1..=args.rounds {
        let u = round(Mode::Unconnected, to, &payload, args.datagrams)?;
        let c = round(Mode::Connected, to, &payload, args.datagrams)?;
        eprintln!(
            "round {r}/{}: unconnected {} /s, connected {} /s",
            args.rounds,
            grouped(u),
            grouped(c)
        );
        (best_u, best_c) = (best_u.max(u), best_c.max(c));
        ratios.push(c / u);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "unconnected send_to (best)  {:>12} datagrams/s",
        grouped(best_u)
    );
    println!(
        "connected send (best)       {:>12} datagrams/s",
        grouped(best_c)
    );
    println!(
        "ratio connected/unconnected {:.2} (best rounds), {:.2} (median of the round pairs)",
        best_c / best_u,
        ratios[ratios.len() / 2]
    );
    println!("seed 001 claims about 1.3 for LuaSocket");
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("udp_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
