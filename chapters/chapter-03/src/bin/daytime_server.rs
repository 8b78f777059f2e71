//! `daytime_server`: the other end of seed 001's daytime client, RFC 867
//! on UDP and TCP at once, on the same port number.
//!
//! Over UDP it answers every datagram with one holding the date and time;
//! over TCP it sends the same line to each connection and closes. It logs
//! each request on stdout. `--fixed-time` stops its clock (time is a
//! parameter of the server, not something it reads on its own), which is
//! how the tests get the same reply on every run.
//!
//! Try it: `cargo run -p chapter-03 --bin daytime_server -- --port 1313`,
//! then `nc -u 127.0.0.1 1313` and type a line, or `nc 127.0.0.1 1313`.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use chapter_03::daytime::{self, Clock, fixed_clock, system_clock};
use chapter_03::server::{self, Request, Shutdown, bind_pair};
use clap::Parser;

/// Serve the date and time (RFC 867) over UDP and TCP.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Address to listen on (0.0.0.0: every interface).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port, for UDP and TCP (0: any free one, printed at start; 13, the
    /// standard one, needs root).
    #[arg(short, long, default_value_t = daytime::PORT)]
    port: u16,
    /// Report this instant (seconds since 1970, UTC) instead of the real time.
    #[arg(long, value_name = "UNIX_SECONDS")]
    fixed_time: Option<i64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let bind = SocketAddr::new(args.host, args.port);
    let (tcp, udp) = match bind_pair(bind) {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("daytime_server: cannot listen on {bind} (UDP and TCP): {e}");
            if args.port < 1024 {
                eprintln!("daytime_server: ports below 1024 need root; try --port 1313");
            }
            return ExitCode::FAILURE;
        }
    };
    let clock: Clock = args.fixed_time.map_or_else(system_clock, fixed_clock);
    let addr = tcp.local_addr().map_or(bind, |a| a);
    println!("daytime server on {addr} (UDP and TCP); Ctrl-C stops it");
    let log = |r: Request| match r {
        Request::Udp(from, n) => println!("udp {from}: {n}-byte datagram answered"),
        Request::Tcp(from) => println!("tcp {from}: connection answered and closed"),
    };
    // Nothing triggers it here: Ctrl-C ends the process.
    let outcome = Shutdown::new()
        .and_then(|stop| server::serve_daytime(Some(&udp), Some(&tcp), &clock, &stop, log));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("daytime_server: {e}");
            ExitCode::FAILURE
        }
    }
}
