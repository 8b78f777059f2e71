//! The blocking driver: a [`Session`] on a `TcpStream`.
//!
//! The driver owns the I/O and the clocks: it connects, reads into a
//! [`ReplyParser`] with a read timeout chosen by the session's stage (RFC
//! 5321 §4.5.3.2 gives the minimum a client should wait), writes each
//! command in one `write_all`, and shows every line to an optional observer
//! — with secrets already replaced by `<secret>` in [`Command::shown`](super::Command::shown).
//!
//! Layout: [`Timeouts`], [`Direction`], [`send`], [`send_on`].

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::command::{Next, Report};
use super::error::{SmtpError, Stage};
use super::reply::{Reply, ReplyParser};
use super::session::Session;

/// How long to wait for each kind of reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting.
    pub connect: Duration,
    /// The greeting and replies to commands (RFC 5321: 5 minutes).
    pub command: Duration,
    /// The reply to the final `.` (RFC 5321: 10 minutes; the server may be
    /// filtering the message before it says yes).
    pub data_end: Duration,
}

impl Default for Timeouts {
    /// The minimum waits of RFC 5321 §4.5.3.2.
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(60),
            command: Duration::from_secs(5 * 60),
            data_end: Duration::from_secs(10 * 60),
        }
    }
}

impl Timeouts {
    /// Every wait set to `d` (for tests and impatient users).
    pub fn all(d: Duration) -> Self {
        Timeouts {
            connect: d,
            command: d,
            data_end: d,
        }
    }
}

/// Which way a line went, for the observer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From us to the server.
    Sent,
    /// From the server to us.
    Received,
}

/// Connects to `server` and runs `session` to the end.
pub fn send(
    server: impl ToSocketAddrs,
    session: Session,
    timeouts: Timeouts,
    observe: &mut dyn FnMut(Direction, &str),
) -> Result<Report, SmtpError> {
    let io = |source| SmtpError::Io {
        stage: Stage::Greeting,
        source,
    };
    let addrs: Vec<SocketAddr> = server.to_socket_addrs().map_err(io)?.collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the server name has no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeouts.connect) {
            Ok(stream) => return send_on(stream, session, timeouts, observe),
            Err(e) => last = e,
        }
    }
    Err(io(last))
}

// ANCHOR: send_on
/// Runs `session` on an open connection.
pub fn send_on(
    mut stream: TcpStream,
    mut session: Session,
    timeouts: Timeouts,
    observe: &mut dyn FnMut(Direction, &str),
) -> Result<Report, SmtpError> {
    let mut parser = ReplyParser::new();
    // Bounded: every pass consumes one reply, and each state sends at most a
    // few commands before Done or an error.
    loop {
        let Some(reply) = read_reply(&mut stream, &mut parser, &session, timeouts)? else {
            return session.on_close();
        };
        for (i, line) in reply.lines.iter().enumerate() {
            let sep = if i + 1 < reply.lines.len() { '-' } else { ' ' };
            observe(Direction::Received, &format!("{}{sep}{line}", reply.code));
        }
        match session.on_reply(reply)? {
            Next::Done(report) => return Ok(report),
            Next::Send(cmd) => {
                observe(Direction::Sent, &cmd.shown);
                let stage = session.stage();
                stream
                    .write_all(&cmd.bytes)
                    .map_err(|source| SmtpError::Io { stage, source })?;
            }
        }
    }
}
// ANCHOR_END: send_on

/// Reads until one whole reply is parsed; `None` if the server closed.
fn read_reply(
    stream: &mut TcpStream,
    parser: &mut ReplyParser,
    session: &Session,
    timeouts: Timeouts,
) -> Result<Option<Reply>, SmtpError> {
    let stage = session.stage();
    let wait = match stage {
        Stage::Message => timeouts.data_end,
        _ => timeouts.command,
    };
    let io = |source| SmtpError::Io { stage, source };
    stream.set_read_timeout(Some(wait)).map_err(io)?;
    let mut buf = [0u8; 4096];
    // Bounded: the parser fails once a line passes its cap, and each read
    // either adds bytes, ends (EOF) or times out.
    loop {
        if let Some(reply) = parser.next_reply()? {
            return Ok(Some(reply));
        }
        match stream.read(&mut buf) {
            Ok(0) if parser.is_partial() => return Err(SmtpError::Closed { stage }),
            Ok(0) => return Ok(None),
            Ok(n) => parser.push(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(SmtpError::Timeout { stage, after: wait });
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
}
