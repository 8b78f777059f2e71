//! `echo_stdio`: the seed's `echo.lua`, an echo service on standard input
//! and output, for a super-server to run once per connection.
//!
//! It greets with the time, echoes every non-empty line (with CR LF), and at
//! the first empty line says goodbye with the time and exits; the
//! super-server then closes the connection. Try it by hand:
//!
//! ```sh
//! cargo run -p chapter-09 --bin echo_stdio                 # type lines, then an empty one
//! target/debug/super_server --port 23032 -- target/debug/echo_stdio   # then: nc -C 127.0.0.1 23032
//! socat TCP-LISTEN:23032,reuseaddr,fork EXEC:target/debug/echo_stdio
//! ```
//!
//! `--time` (or `ECHO_STDIO_TIME`) fixes the time shown, for tests.
//! Nothing is written to stderr on success: a super-server like xinetd may
//! connect stderr to the socket too.
//!
//! Layout: [`Args`], `main`.

use std::io::{self, ErrorKind};
use std::process::ExitCode;

use chapter_09::echo::{clock_utc, serve};
use clap::Parser;

/// Echo service on stdin/stdout: greeting, one echo per line, closing line
/// at the first empty line.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Show this time (HH:MM:SS) instead of the clock's (UTC).
    #[arg(long, env = "ECHO_STDIO_TIME")]
    time: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut now = || args.time.clone().unwrap_or_else(clock_utc);
    match serve(io::stdin().lock(), io::stdout().lock(), &mut now) {
        Ok(_) => ExitCode::SUCCESS,
        // The client went away: the session is over, nothing went wrong here.
        Err(e) if matches!(e.kind(), ErrorKind::BrokenPipe | ErrorKind::ConnectionReset) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("echo_stdio: {e}");
            ExitCode::FAILURE
        }
    }
}
