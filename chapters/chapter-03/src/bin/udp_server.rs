//! `udp_server`: seed 000's UDP server.
//!
//! It binds a UDP socket (the seed: every interface, port 12345), prints
//! each datagram it receives with its sender's address, and answers the
//! sender with a greeting. `--echo` sends each datagram back instead, which
//! makes it the reference program of the `udp-echo-server` conformance case.
//!
//! Try it: `cargo run -p chapter-03 --bin udp_server`, then
//! `cargo run -p chapter-03 --bin udp_client` (or `nc -u 127.0.0.1 12345`).

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::process::ExitCode;

use chapter_03::server::{self, Reply, Shutdown};
use clap::Parser;

/// Seed 000's UDP server: print each datagram, answer its sender.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Address to bind (the seed binds every interface: 0.0.0.0).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to bind (0: any free one, printed at start).
    #[arg(short, long, default_value_t = 12345)]
    port: u16,
    /// Send each datagram back instead of the greeting (an echo server).
    #[arg(long)]
    echo: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let bind = SocketAddr::new(args.host, args.port);
    let socket = match UdpSocket::bind(bind) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("udp_server: cannot bind {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = socket.local_addr().map_or(bind, |a| a);
    println!("UDP server on {addr}");
    let reply = if args.echo {
        Reply::Echo
    } else {
        Reply::Greeting
    };
    let seen = |data: &[u8], from: SocketAddr| {
        println!("received {:?} from {from}", String::from_utf8_lossy(data));
    };
    match Shutdown::new().and_then(|stop| server::serve_udp(&socket, reply, &stop, seen)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("udp_server: {e}");
            ExitCode::FAILURE
        }
    }
}
