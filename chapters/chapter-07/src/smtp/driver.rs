//! The blocking driver: a [`Session`] on a `TcpStream`.
//!
//! The driver owns the I/O and the clocks: it connects, reads into a
//! [`ReplyParser`] with a read timeout chosen by the session's stage (RFC
//! 5321 §4.5.3.2 gives the minimum a client should wait), writes each
//! command in one `write_all`, and shows every line to an optional observer
//! — with secrets already replaced by `<secret>` in [`Command::shown`](super::Command::shown).
//! Besides the wait for each reply, the whole conversation has a time limit
//! ([`Timeouts::total`], through chapter 2's [`TimedStream`]): a server that
//! trickles its replies a byte at a time, each byte in time, is cut off.
//!
//! Layout: [`Timeouts`], [`Direction`], [`send`], [`send_on`].

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use chapter_02::timeout::TimedStream;

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
    /// The whole conversation, connected to done ([`TOTAL`] by default).
    pub total: Duration,
}

/// The default [`Timeouts::total`]: longer than the longest single wait, so
/// only a server that keeps trickling runs into it.
pub const TOTAL: Duration = Duration::from_secs(15 * 60);

impl Default for Timeouts {
    /// The minimum waits of RFC 5321 §4.5.3.2, and [`TOTAL`].
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(60),
            command: Duration::from_secs(5 * 60),
            data_end: Duration::from_secs(10 * 60),
            total: TOTAL,
        }
    }
}

impl Timeouts {
    /// Every wait for the server set to `d` (for tests and impatient
    /// users); the total stays [`TOTAL`].
    pub fn all(d: Duration) -> Self {
        Timeouts {
            connect: d,
            command: d,
            data_end: d,
            total: TOTAL,
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
    let io = |error| SmtpError::Io {
        stage: Stage::Greeting,
        error,
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
/// Runs `session` on an open connection, all of it within `timeouts.total`.
pub fn send_on(
    stream: TcpStream,
    mut session: Session,
    timeouts: Timeouts,
    observe: &mut dyn FnMut(Direction, &str),
) -> Result<Report, SmtpError> {
    let end = Instant::now() + timeouts.total;
    let mut stream = TimedStream::new(stream, Some(timeouts.command), Some(end));
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
                    .map_err(|e| timed_out(&stream, stage, timeouts, e))?;
            }
        }
    }
}
// ANCHOR_END: send_on

/// Reads until one whole reply is parsed; `None` if the server closed.
fn read_reply(
    stream: &mut TimedStream,
    parser: &mut ReplyParser,
    session: &Session,
    timeouts: Timeouts,
) -> Result<Option<Reply>, SmtpError> {
    let stage = session.stage();
    let wait = match stage {
        Stage::Message => timeouts.data_end,
        _ => timeouts.command,
    };
    stream.set_block(Some(wait));
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
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(timed_out(stream, stage, timeouts, e)),
        }
    }
}

/// The error for `e` at `stage`: which time limit ran out, if one did.
fn timed_out(stream: &TimedStream, stage: Stage, timeouts: Timeouts, e: io::Error) -> SmtpError {
    let wait = match stage {
        Stage::Message => timeouts.data_end,
        _ => timeouts.command,
    };
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut if stream.expired() => {
            SmtpError::TooSlow {
                stage,
                total: timeouts.total,
            }
        }
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            SmtpError::Timeout { stage, after: wait }
        }
        _ => SmtpError::Io { stage, error: e },
    }
}
