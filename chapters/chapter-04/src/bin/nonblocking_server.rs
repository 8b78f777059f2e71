//! `nonblocking_server`: 000's non-blocking server (accept and receive with
//! a timeout of 0, in a loop) next to a readiness loop, with the CPU each
//! one burns. Every line a client sends is answered with a greeting.
//!
//! `--mode busy` spins with no pause, `--mode sleep` pauses `--pause-ms`
//! after each pass (000's event-loop variant), `--mode poll` waits in epoll.
//! `--mode compare` runs all three side by side for `--seconds` on three
//! ports and prints the CPU time of each (each thread's own CPU clock).

use std::net::TcpListener;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, ValueEnum};

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_04::control::{Options, Stop};
use chapter_04::nonblocking::{Hello, cpu_time, serve_busy};
use chapter_04::service::Sessions;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mode {
    /// Timeout 0 and no pause: a spinning loop.
    Busy,
    /// Timeout 0 and a short sleep after each pass.
    Sleep,
    /// A readiness loop (epoll).
    Poll,
    /// All three at once, then their CPU time.
    Compare,
}

/// Non-blocking server (busy loop) beside a readiness loop, with CPU use.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (compare: the first of three; 0: any).
    #[arg(default_value_t = 12345)]
    port: u16,
    /// Which loop to run.
    #[arg(long, value_enum, default_value = "compare")]
    mode: Mode,
    /// How long to run (0: until killed; compare needs a limit).
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    /// Pause of the `sleep` loop, in milliseconds.
    #[arg(long, default_value_t = 10)]
    pause_ms: u64,
}

/// Runs one loop on `listener` for `run` and returns the CPU time it used.
fn run_loop(
    mode: Mode,
    listener: TcpListener,
    run: Duration,
    pause: Duration,
) -> anyhow::Result<Duration> {
    let start = cpu_time();
    let until = Instant::now() + run;
    match mode {
        Mode::Busy => serve_busy(&listener, Duration::ZERO, until)?,
        Mode::Sleep => serve_busy(&listener, pause, until)?,
        Mode::Poll | Mode::Compare => {
            let stop = Stop::new();
            let s = stop.clone();
            // The loop checks its stop handle at least every TICK.
            let timer = thread::spawn(move || {
                thread::sleep(run);
                s.stop();
            });
            let opts = Options::default();
            chapter_04::poll::serve(listener, &mut Sessions::new(|| Hello), opts, &stop)?;
            let _ = timer.join();
        }
    }
    Ok(cpu_time() - start)
}

fn label(mode: Mode, pause: Duration) -> String {
    match mode {
        Mode::Busy => "busy loop (timeout 0)".into(),
        Mode::Sleep => format!("busy loop + sleep {pause:?}"),
        _ => "readiness loop (epoll)".into(),
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let pause = Duration::from_millis(args.pause_ms);
    let secs = if args.seconds > 0.0 {
        args.seconds
    } else {
        f64::from(u32::MAX)
    };
    let run = Duration::from_secs_f64(secs);
    let modes = match args.mode {
        Mode::Compare => vec![Mode::Busy, Mode::Sleep, Mode::Poll],
        m => vec![m],
    };
    let mut threads = Vec::new();
    for (i, &mode) in modes.iter().enumerate() {
        let port = if args.port == 0 {
            0
        } else {
            args.port + i as u16
        };
        let addr = resolve(&args.host, port).context("Listening socket")?;
        let listener = TcpListener::bind(addr)
            .with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
        println!(
            "{} listening on {}",
            label(mode, pause),
            listener.local_addr()?
        );
        threads.push((
            mode,
            thread::spawn(move || run_loop(mode, listener, run, pause)),
        ));
    }
    println!("running for {secs} s ...");
    for (mode, t) in threads {
        let cpu = t
            .join()
            .map_err(|_| anyhow::anyhow!("the {mode:?} loop panicked"))??;
        let share = 100.0 * cpu.as_secs_f64() / secs;
        println!(
            "{:<28} CPU {:>8.3} s ({share:5.1}% of one core)",
            label(mode, pause),
            cpu.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    finish("nonblocking_server", run(Args::parse()))
}
