//! The echo peer: a TCP server that sends back what it receives.
//!
//! The server side of the seeds' echo examples, as a fake peer: in
//! [`EchoMode::Lines`] it echoes each line (capped; an over-long line gets
//! an error line and a close), in [`EchoMode::Bytes`] each chunk as read,
//! and in [`EchoMode::OneLineThenClose`] one line before closing. Scripted
//! replies of the fault plan replace the echo of matching lines, so a test
//! can say `on QUIT #1 reply "221 bye"`.
//!
//! ```no_run
//! let echo = harness::echo::start();
//! let mut s = std::net::TcpStream::connect(echo.addr()).unwrap();
//! // ... write a line, read it back ...
//! println!("{}", echo.stop().render());
//! ```

use std::io::{self, Read};
use std::net::SocketAddr;

use crate::fault::FaultPlan;
use crate::peer::{Conn, Line, PeerConfig, PeerHandle, spawn_tcp_with};

/// Longest line echoed in line modes (bytes, ending included).
pub const MAX_LINE: usize = 8192;
/// Most lines echoed per connection (a bound on the serve loop).
pub const MAX_LINES: usize = 1_000_000;

/// What the echo peer sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EchoMode {
    /// Each complete line, as one reply.
    #[default]
    Lines,
    /// Each chunk exactly as it was read.
    Bytes,
    /// The first line, then the server closes.
    OneLineThenClose,
}

/// How to start an echo peer.
#[derive(Debug, Clone)]
pub struct EchoOptions {
    /// Where to listen (default `127.0.0.1:0`).
    pub bind: SocketAddr,
    /// Faults to apply to its writes.
    pub plan: FaultPlan,
    /// What to echo.
    pub mode: EchoMode,
    /// Line cap for line modes.
    pub max_line: usize,
    /// Timeouts and connection limit.
    pub config: PeerConfig,
}

impl Default for EchoOptions {
    fn default() -> Self {
        EchoOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            plan: FaultPlan::none(),
            mode: EchoMode::Lines,
            max_line: MAX_LINE,
            config: PeerConfig::default(),
        }
    }
}

/// A line echo peer on `127.0.0.1:0` without faults. Panics if it cannot
/// bind (a test environment problem, reported clearly).
pub fn start() -> PeerHandle {
    start_with(EchoOptions::default())
        .unwrap_or_else(|e| panic!("cannot start the echo peer on 127.0.0.1:0: {e}"))
}

/// An echo peer as described by `opts`.
pub fn start_with(opts: EchoOptions) -> io::Result<PeerHandle> {
    let (mode, max_line) = (opts.mode, opts.max_line);
    spawn_tcp_with(
        "echo",
        opts.bind,
        opts.plan,
        opts.config,
        move |conn| match mode {
            EchoMode::Bytes => echo_bytes(conn),
            EchoMode::Lines => echo_lines(conn, max_line, MAX_LINES),
            EchoMode::OneLineThenClose => echo_lines(conn, max_line, 1),
        },
    )
}

fn echo_bytes(mut conn: Conn) -> io::Result<()> {
    let mut buf = [0u8; 4096];
    // Bounded by the read timeout and by the client closing.
    while !conn.stopping() {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            break;
        }
        conn.reply(&buf[..n])?;
    }
    Ok(())
}

fn echo_lines(mut conn: Conn, max_line: usize, max_lines: usize) -> io::Result<()> {
    for _ in 0..max_lines {
        match conn.read_line(max_line)? {
            Line::Complete(line) => match conn.scripted_reply(&line) {
                Some(reply) => conn.reply(&reply)?,
                None => conn.reply(&line)?,
            },
            Line::TooLong => {
                conn.reply(format!("error: line longer than {max_line} bytes\r\n").as_bytes())?;
                return Ok(());
            }
            Line::Eof(rest) => {
                if !rest.is_empty() {
                    conn.note(format!(
                        "client stopped sending mid-line ({} bytes without a line ending)",
                        rest.len()
                    ));
                }
                return Ok(());
            }
        }
    }
    Ok(())
}
