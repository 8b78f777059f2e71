//! `super_server`: a small inetd. It listens on one port and runs a
//! program once per connection, with the connection as the program's
//! stdin and stdout, logging each one as xinetd does.
//!
//! ```sh
//! cargo build -p chapter-09
//! cargo run -p chapter-09 --bin super_server -- --port 23032 -- target/debug/echo_stdio
//! nc -C 127.0.0.1 23032            # in another terminal; an empty line ends it
//! ```
//!
//! Its first line names the address (`super_server on 127.0.0.1:23032, …`),
//! then one `START:` and one `EXIT:` line per connection. Ctrl-C ends the
//! super-server; as with inetd, a conversation already running goes on
//! until its program exits.
//!
//! Handing a socket to a program as its stdin and stdout is a Unix thing:
//! on Windows it says so and exits with a failure.
//!
//! # Layout
//! [`Args`], `main`, `run` (Unix) or its refusal (elsewhere).

use std::net::IpAddr;
use std::process::ExitCode;

use clap::Parser;

/// Run PROGRAM once per TCP connection, the connection as its stdin and
/// stdout (inetd's `wait = no`).
#[derive(Parser, Debug)]
#[command(version, about)]
#[cfg_attr(not(unix), allow(dead_code))] // parsed for --help, then refused
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port (0: any free one, printed at start).
    #[arg(short, long, default_value_t = 23032)]
    port: u16,
    /// Most programs running at once (xinetd's `instances`).
    #[arg(long, default_value_t = 16)]
    max_children: usize,
    /// Seconds a program may run before its process group is killed.
    #[arg(long, default_value_t = 60)]
    time_limit: u64,
    /// Connect the program's stderr to the socket too, as inetd does.
    #[arg(long)]
    stderr_to_socket: bool,
    /// The program and its arguments (after `--`).
    #[arg(required = true, last = true, value_name = "PROGRAM")]
    program: Vec<String>,
}

fn main() -> ExitCode {
    run(Args::parse())
}

#[cfg(not(unix))]
fn run(_args: Args) -> ExitCode {
    eprintln!(
        "super_server needs a Unix system (Linux or macOS): it passes the socket as the \
         child's stdin/stdout; on Windows use WSL"
    );
    ExitCode::FAILURE
}

#[cfg(unix)]
fn run(args: Args) -> ExitCode {
    use std::net::{SocketAddr, TcpListener};
    use std::time::Duration;

    use chapter_03::server::Shutdown;
    use chapter_09::inetd::{Service, serve};

    let bind = SocketAddr::new(args.host, args.port);
    let listener = match TcpListener::bind(bind) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("super_server: cannot listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = args.program[0].rsplit('/').next().unwrap_or("service");
    let mut service = Service::new(name, args.program.clone());
    service.max_children = args.max_children.max(1);
    service.time_limit = Duration::from_secs(args.time_limit);
    service.stderr_to_socket = args.stderr_to_socket;
    let addr = listener.local_addr().map_or(bind, |a| a);
    println!("super_server on {addr}, one `{name}` per connection; Ctrl-C stops it");
    // Nothing triggers it here: Ctrl-C ends the process.
    let outcome = Shutdown::new()
        .and_then(|stop| serve(&listener, &service, &stop, &|line| println!("{line}")));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("super_server: {e}");
            ExitCode::FAILURE
        }
    }
}
