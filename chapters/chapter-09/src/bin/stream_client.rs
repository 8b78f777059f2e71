//! `stream_client`: the seed's `client_03`: reach a server through another
//! program (`nc`, `ssh`, `plink`) that does the networking, sending lines to
//! its input and printing what comes out of its output.
//!
//! The seed had to write its lines to a file first, because `io.popen` pipes
//! one way only. Here both pipes are open at once, written and read by two
//! threads, so nothing deadlocks however much flows ([`chapter_09::pipe`]).
//!
//! ```sh
//! target/debug/super_server --port 23032 -- target/debug/echo_stdio
//! cargo run -p chapter-09 --bin stream_client -- --port 23032
//! cargo run -p chapter-09 --bin stream_client -- --line hi --line "" -- nc 127.0.0.1 23032
//! printf 'a\nb\n\n' | cargo run -p chapter-09 --bin stream_client -- --stdin -- ssh host ./echo
//! ```
//!
//! Layout: [`Args`], [`lines_to_send`], [`command`], `main`.

use std::io::{self, Write};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context, Result};
use chapter_09::lines::{LineRead, read_line_capped};
use chapter_09::pipe::{PipeOptions, converse};
use clap::Parser;

/// Send lines through a program that does the networking (by default
/// `nc HOST PORT`) and print its replies.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Server host for the default command.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Server port for the default command (the seed's 23032).
    #[arg(long, short, default_value_t = 23032)]
    port: u16,
    /// A line to send (repeat for more). Without --line or --stdin, three
    /// sample lines and the empty line that ends an echo session.
    #[arg(long = "line", short = 'l')]
    lines: Vec<String>,
    /// Send the lines of standard input instead.
    #[arg(long, conflicts_with = "lines")]
    stdin: bool,
    /// End sent lines with LF instead of CR LF.
    #[arg(long)]
    lf: bool,
    /// Kill the program if the conversation takes longer (seconds).
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// The program and its arguments (instead of `nc HOST PORT`).
    #[arg(last = true)]
    command: Vec<String>,
}

/// Longest line read from our stdin or printed from the program.
const MAX_LINE: usize = 64 * 1024;

/// The lines to send, as an iterator the writer thread can own.
fn lines_to_send(args: &Args) -> Box<dyn Iterator<Item = Vec<u8>> + Send> {
    if args.stdin {
        // Streamed, not collected: the input may be endless (a terminal).
        return Box::new(std::iter::from_fn(|| {
            loop {
                match read_line_capped(&mut io::stdin().lock(), MAX_LINE) {
                    Ok(LineRead::Line(line)) => return Some(line),
                    Ok(LineRead::Eof(rest)) if !rest.is_empty() => return Some(rest),
                    Ok(LineRead::TooLong) => {
                        eprintln!("stream_client: skipped a line over {MAX_LINE} bytes")
                    }
                    _ => return None,
                }
            }
        }));
    }
    let lines = if args.lines.is_empty() {
        [
            "Hello from stream_client",
            "a second line",
            "and a third",
            "",
        ]
        .map(String::from)
        .to_vec()
    } else {
        args.lines.clone()
    };
    Box::new(lines.into_iter().map(String::into_bytes))
}

/// The command to run: the one given, or `nc HOST PORT`.
fn command(args: &Args) -> Command {
    match args.command.split_first() {
        Some((program, rest)) => {
            let mut cmd = Command::new(program);
            cmd.args(rest);
            cmd
        }
        None => {
            let mut cmd = Command::new("nc");
            cmd.arg(&args.host).arg(args.port.to_string());
            cmd
        }
    }
}

fn main() -> Result<ExitCode> {
    let args = Args::parse();
    let options = PipeOptions {
        eol: if args.lf { b"\n" } else { b"\r\n" },
        max_line: MAX_LINE,
        time_limit: Duration::from_secs(args.timeout.max(1)),
    };
    let mut cmd = command(&args);
    let shown = format!("{cmd:?}");
    let mut out = io::stdout().lock();
    let mut print = |reply: &[u8]| {
        // Replies end in CR LF on the wire; print them as local text lines.
        let text = reply.strip_suffix(b"\n").unwrap_or(reply);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        out.write_all(text)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    let outcome = converse(&mut cmd, lines_to_send(&args), &options, &mut print)
        .with_context(|| format!("cannot run {shown}"))?;
    if outcome.timed_out {
        eprintln!("stream_client: {shown} was killed after {} s", args.timeout);
        return Ok(ExitCode::FAILURE);
    }
    if let Some(e) = outcome.write_error {
        eprintln!(
            "stream_client: stopped sending after {} line(s): {e}",
            outcome.sent
        );
    }
    if !outcome.status.success() {
        eprintln!("stream_client: {shown} ended with {}", outcome.status);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
