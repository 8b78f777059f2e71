//! The seed's `echo.lua`, a line echo service on standard input and output,
//! as a sans-I/O core ([`EchoSession`]) and a blocking driver ([`serve`]).
//!
//! The protocol: on start, a greeting line with the time; then every
//! non-empty line comes back as it was sent; the first empty line (or the end
//! of input) ends the session with a closing line with the time. Lines go out
//! with CR LF, the network's line ending, whichever ending came in (the seed
//! kept a CR it had read and sent `\r\r\n`; its loop test for `"\r"` shows it
//! met the problem).
//!
//! Written for a super-server: the program never opens a socket. Its stdin
//! and stdout *are* the connection, so every reply is flushed at once, or the
//! client would wait for bytes sitting in our buffer.
//!
//! Layout: [`Reply`], [`EchoSession`], [`serve`], [`Summary`],
//! [`clock_utc`], [`MAX_LINE`].

use std::io::{self, BufRead, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::lines::{LineRead, read_line_capped};

/// Longest line echoed (longer ones get an error line and are dropped).
pub const MAX_LINE: usize = 4096;

/// The first words of the greeting and closing lines.
pub const NAME: &str = "Rust echo server";

/// What the session answers to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Send these bytes and keep going.
    Echo(Vec<u8>),
    /// Send these bytes and end the session.
    Close(Vec<u8>),
}

// ANCHOR: session
/// The echo protocol without I/O: time comes in as text.
#[derive(Debug, Default, Clone)]
pub struct EchoSession {
    echoed: usize,
}

impl EchoSession {
    /// The greeting line for `time` (`HH:MM:SS`).
    pub fn greeting(&self, time: &str) -> Vec<u8> {
        format!("{NAME} opening / {time}\r\n").into_bytes()
    }

    /// The answer to one line (ending already removed); an empty line ends it.
    pub fn on_line(&mut self, line: &[u8], time: &str) -> Reply {
        if line.is_empty() {
            return self.close(time);
        }
        self.echoed += 1;
        Reply::Echo([line, b"\r\n"].concat())
    }

    /// The closing line (also at the end of input).
    pub fn close(&self, time: &str) -> Reply {
        Reply::Close(format!("{NAME} closing / {time}\r\n").into_bytes())
    }

    /// Lines echoed so far.
    pub fn echoed(&self) -> usize {
        self.echoed
    }
}
// ANCHOR_END: session

/// How a session went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Lines echoed.
    pub echoed: usize,
    /// Over-long lines refused.
    pub refused: usize,
    /// Whether it ended at an empty line (false: end of input).
    pub by_empty_line: bool,
}

// ANCHOR: serve
/// Runs one session: `input` and `output` are the connection; `now` gives
/// the time for the greeting and the closing line.
pub fn serve(
    mut input: impl BufRead,
    mut output: impl Write,
    now: &mut dyn FnMut() -> String,
) -> io::Result<Summary> {
    let mut session = EchoSession::default();
    let mut summary = Summary::default();
    send(&mut output, &session.greeting(&now()))?;
    loop {
        let reply = match read_line_capped(&mut input, MAX_LINE)? {
            LineRead::Line(line) => {
                summary.by_empty_line = line.is_empty();
                session.on_line(&line, &now())
            }
            LineRead::TooLong => {
                summary.refused += 1;
                let text = format!("error: line longer than {MAX_LINE} bytes, dropped\r\n");
                send(&mut output, text.as_bytes())?;
                continue;
            }
            LineRead::Eof(mut rest) => {
                // A last line without its newline is still a line.
                rest.pop_if(|b| *b == b'\r');
                if let Reply::Echo(bytes) = session.on_line(&rest, &now()) {
                    send(&mut output, &bytes)?;
                }
                session.close(&now())
            }
        };
        summary.echoed = session.echoed();
        match reply {
            Reply::Echo(bytes) => send(&mut output, &bytes)?,
            Reply::Close(bytes) => {
                send(&mut output, &bytes)?;
                break;
            }
        }
    }
    Ok(summary)
}
// ANCHOR_END: serve

/// Writes and flushes: the peer must see each reply at once.
fn send(output: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    output.write_all(bytes)?;
    output.flush()
}

/// The current time of day in UTC as `HH:MM:SS` (the seed's `os.date("%T")`
/// uses local time; UTC needs no time-zone database).
pub fn clock_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}
