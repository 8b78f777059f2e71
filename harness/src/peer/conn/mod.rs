//! [`Conn`]: one accepted connection, as a peer's `serve` function sees it.
//!
//! Reads go through a [`RecordingStream`] (recorded, with the peer's read
//! timeout); writes go through the connection's [`ConnFaults`], which may
//! chop, delay, damage, close or reset. [`Conn::reply`] sends one logical
//! reply (reply-level faults count replies); [`Conn::send`] sends raw bytes.
//! Their steps are pulled one at a time (in `write`), so a large or padded
//! reply is made piece by piece as the socket takes it (backpressure),
//! never whole first.
//!
//! Every read marks the connection idle while it waits (see
//! [`super::room`]); a read that times out, or that the accept loop cut
//! short to make room, says the peer's farewell and ends the connection.

mod write;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::PeerConfig;
use super::room::Activity;
use crate::fault::{ConnFaults, FaultPlan};
use crate::transcript::{Recorder, RecordingStream, Side};

/// What [`Conn::read_line`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A whole line, with its line ending (`\n` or `\r\n`).
    Complete(Vec<u8>),
    /// The line exceeded the cap; the buffer was discarded.
    TooLong,
    /// The client stopped sending; these bytes came without a line ending
    /// (empty when the client closed between lines).
    Eof(Vec<u8>),
}

/// Why a connection ended because of the fault plan (not an error).
#[derive(Debug)]
struct FaultEnd(String);

impl std::fmt::Display for FaultEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultEnd {}

/// One connection of a peer.
#[derive(Debug)]
pub struct Conn {
    stream: Option<RecordingStream>,
    recorder: Recorder,
    conn: u32,
    faults: ConnFaults,
    buf: Vec<u8>,
    stop: Arc<AtomicBool>,
    peer_addr: Option<SocketAddr>,
    activity: Arc<Activity>,
    config: Arc<PeerConfig>,
}

impl Conn {
    pub(crate) fn new(
        stream: TcpStream,
        recorder: Recorder,
        conn: u32,
        plan: Arc<FaultPlan>,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let peer_addr = stream.peer_addr().ok();
        let stream = RecordingStream::attach(stream, recorder.clone(), conn, Side::Server);
        let faults = ConnFaults::new(plan, conn);
        Conn {
            stream: Some(stream),
            recorder,
            conn,
            faults,
            buf: Vec::new(),
            stop,
            peer_addr,
            activity: Activity::new(Instant::now()),
            config: Arc::default(),
        }
    }

    /// Shares the connection's activity with the accept loop and takes the
    /// peer's farewells.
    pub(crate) fn with_limits(mut self, activity: Arc<Activity>, config: Arc<PeerConfig>) -> Self {
        self.activity = activity;
        self.config = config;
        self
    }

    /// Tells the accept loop this client has been silent since `at`, for a
    /// `serve` function that waits on the client other than by reading
    /// through this `Conn` (the inetd peer, whose child reads the socket).
    pub fn idle_since(&self, at: Instant) {
        self.activity.idle_since(at);
    }

    /// Whether the accept loop evicted this connection to make room for a
    /// new one (the connection should end).
    pub fn evicted(&self) -> bool {
        self.activity.evicted()
    }

    /// The connection number in the transcript.
    pub fn id(&self) -> u32 {
        self.conn
    }

    /// The client's address.
    pub fn peer_addr(&self) -> Option<SocketAddr> {
        self.peer_addr
    }

    /// The connection's socket, e.g. to hand to a child process as its stdin
    /// and stdout (the inetd super-server); `None` once a fault closed it.
    /// Bytes moved through it directly are not recorded.
    pub fn socket(&self) -> Option<&TcpStream> {
        self.stream.as_ref().map(RecordingStream::get_ref)
    }

    /// The peer's recorder.
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Adds a note about this connection to the transcript.
    pub fn note(&self, text: impl Into<String>) {
        self.recorder.note(Some(self.conn), text);
    }

    /// Whether the peer is stopping (long loops should end).
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// True for the error a connection ends with when the fault plan closed
    /// or reset it (the framework does not report it as a failure).
    pub fn is_fault_end(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<FaultEnd>())
    }

    /// True for errors the transcript already shows as an event (a fault
    /// end, a read timeout, a reset), which need no extra note.
    pub fn is_quiet_end(e: &io::Error) -> bool {
        use io::ErrorKind::{ConnectionReset, TimedOut, WouldBlock};
        Self::is_fault_end(e) || matches!(e.kind(), WouldBlock | TimedOut | ConnectionReset)
    }

    fn stream(&mut self) -> io::Result<&mut RecordingStream> {
        self.stream.as_mut().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::ConnectionAborted,
                FaultEnd("closed by the fault plan".into()),
            )
        })
    }

    /// Reads one line of at most `max` bytes (ending included).
    pub fn read_line(&mut self, max: usize) -> io::Result<Line> {
        let mut chunk = [0u8; 4096];
        // Bounded: each pass consumes bytes until the cap, or returns.
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                return Ok(Line::Complete(self.buf.drain(..=i).collect()));
            }
            if self.buf.len() > max {
                self.buf.clear();
                return Ok(Line::TooLong);
            }
            let n = self.read_input(&mut chunk)?;
            if n == 0 {
                return Ok(Line::Eof(std::mem::take(&mut self.buf)));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Reads exactly `buf.len()` bytes, for binary protocols whose messages
    /// are length-prefixed rather than lines (DNS over TCP). Bytes already
    /// buffered by [`Conn::read_line`] come first.
    pub fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        let buffered = self.buf.len().min(buf.len());
        buf[..buffered].copy_from_slice(&self.buf[..buffered]);
        self.buf.drain(..buffered);
        let mut rest = &mut buf[buffered..];
        // Bounded: each pass fills part of `rest` or returns.
        while !rest.is_empty() {
            match self.read_input(rest)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => rest = &mut rest[n..],
            }
        }
        Ok(())
    }

    /// Reads the client's next bytes, idle while waiting. A read timeout
    /// (the client silent for the peer's `io_timeout`) sends the peer's
    /// idle reply; an eviction its busy reply; both end the connection.
    fn read_input(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let activity = self.activity.clone();
        activity.idle_since(Instant::now());
        let got = self.stream()?.read_unless(out, || activity.evicted());
        activity.busy();
        match got {
            Ok(0) if activity.evicted() => {
                let reply = self.config.busy_reply.clone();
                self.farewell(&reply, "evicted to make room".into())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                // The timeout itself is what the caller sees (and the
                // transcript shows); the farewell only goes before it.
                let reply = self.config.idle_reply.clone();
                let _ = self.farewell(&reply, "idle too long".into());
                Err(e)
            }
            other => other,
        }
    }

    /// Sends `reply` as it is (no faults: the connection is ending) and
    /// returns the error that ends the connection quietly.
    fn farewell(&mut self, reply: &[u8], why: String) -> io::Result<usize> {
        if !reply.is_empty() {
            // Best effort: the client may be gone already.
            let _ = self.stream()?.write_all(reply);
        }
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            FaultEnd(why),
        ))
    }

    /// The scripted reply for this command line, if the plan has one.
    pub fn scripted_reply(&mut self, line: &[u8]) -> Option<Vec<u8>> {
        let reply = self.faults.scripted(line)?;
        self.note(format!(
            "fault: scripted reply to {:?}",
            String::from_utf8_lossy(line).trim_end()
        ));
        Some(reply)
    }
}

impl Read for Conn {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if !self.buf.is_empty() {
            let n = out.len().min(self.buf.len());
            out[..n].copy_from_slice(&self.buf[..n]);
            self.buf.drain(..n);
            return Ok(n);
        }
        self.read_input(out)
    }
}
