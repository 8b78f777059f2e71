//! [`Client`]: a blocking POP3 client over any `Read + Write` (a
//! `TcpStream` with timeouts set, or a test double).
//!
//! It reads with its own buffer, one capped line at a time, and hands the
//! lines to [`Status::parse`] and [`MultiLine`]. Every method is one
//! command; [`Client::headers`] is the one with fallbacks: TOP with 0 body
//! lines if the server may have it, else RETR and cut at the blank line.
//!
//! Layout: [`Limits`], [`Login`], [`Client`] (connect, login, commands),
//! `read_line`.

use std::io::{Read, Write};

use super::listing::{self, Capabilities, Stat};
use super::reply::MAX_STATUS_LINE;
use super::{MultiLine, Pop3Error, Status, apop};
use crate::headers::split_message;

/// Caps on what the client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest multi-line reply (a whole message for RETR).
    pub max_reply: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_reply: 16 << 20,
        }
    }
}

/// How to log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    /// APOP if the greeting has a timestamp, else USER and PASS.
    Best,
    /// USER and PASS only (the seed's way).
    UserPass,
    /// APOP only.
    Apop,
}

/// A POP3 connection.
#[derive(Debug)]
pub struct Client<S> {
    stream: S,
    buf: Vec<u8>,
    limits: Limits,
    greeting: String,
}

impl<S: Read + Write> Client<S> {
    /// Reads the greeting; fails unless it is `+OK`.
    pub fn connect(stream: S, limits: Limits) -> Result<Self, Pop3Error> {
        let mut c = Client {
            stream,
            buf: Vec::new(),
            limits,
            greeting: String::new(),
        };
        let status = c.status()?;
        c.greeting = status.text;
        Ok(c)
    }

    /// The underlying stream.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }

    /// The greeting's text.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    // ANCHOR: login
    /// Logs in as `user` (AUTHORIZATION → TRANSACTION state).
    pub fn login(&mut self, user: &str, password: &str, how: Login) -> Result<(), Pop3Error> {
        let stamp = apop::timestamp(&self.greeting).map(str::to_string);
        match (how, stamp) {
            (Login::Best | Login::Apop, Some(stamp)) => {
                let digest = apop::digest(&stamp, password);
                self.simple(&format!("APOP {user} {digest}"), "APOP")?;
            }
            (Login::Apop, None) => {
                return Err(Pop3Error::Protocol(
                    "the greeting has no APOP timestamp".into(),
                ));
            }
            _ => {
                self.simple(&format!("USER {user}"), "USER")?;
                // Shown as PASS <secret> in any error.
                self.simple(&format!("PASS {password}"), "PASS <secret>")?;
            }
        }
        Ok(())
    }
    // ANCHOR_END: login

    /// CAPA; a server that refuses it gets [`Capabilities::unknown`].
    pub fn capa(&mut self) -> Result<Capabilities, Pop3Error> {
        match self.multi("CAPA") {
            Ok(data) => Ok(Capabilities::parse(&data)),
            Err(e) if e.is_refusal() => Ok(Capabilities::unknown()),
            Err(e) => Err(e),
        }
    }

    /// STAT: how many messages and octets.
    pub fn stat(&mut self) -> Result<Stat, Pop3Error> {
        let s = self.simple("STAT", "STAT")?;
        listing::parse_stat(&s.text)
    }

    /// LIST: (number, size) of every message not deleted.
    pub fn list(&mut self) -> Result<Vec<(u32, u64)>, Pop3Error> {
        let data = self.multi("LIST")?;
        listing::parse_pairs(&data, "LIST", listing::size)
    }

    /// UIDL: (number, unique-id) of every message; `None` if the server
    /// does not have UIDL (it is optional).
    pub fn uidl(&mut self) -> Result<Option<Vec<(u32, String)>>, Pop3Error> {
        match self.multi("UIDL") {
            Ok(data) => listing::parse_pairs(&data, "UIDL", listing::uid).map(Some),
            Err(e) if e.is_refusal() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// TOP n lines: the headers and the first `lines` body lines.
    pub fn top(&mut self, n: u32, lines: u32) -> Result<Vec<u8>, Pop3Error> {
        self.multi(&format!("TOP {n} {lines}"))
    }

    /// RETR n: the whole message, unstuffed.
    pub fn retr(&mut self, n: u32) -> Result<Vec<u8>, Pop3Error> {
        self.multi(&format!("RETR {n}"))
    }

    // ANCHOR: headers
    /// The header block of message `n` (with its blank line): TOP n 0 if
    /// `caps` allow it, else — or if TOP is refused — RETR, cut after the
    /// blank line.
    pub fn headers(&mut self, n: u32, caps: &Capabilities) -> Result<Vec<u8>, Pop3Error> {
        if caps.may("TOP") {
            match self.top(n, 0) {
                Ok(h) => return Ok(h),
                Err(e) if e.is_refusal() && !caps.known => {}
                Err(e) => return Err(e),
            }
        }
        let whole = self.retr(n)?;
        let (head, _) = split_message(&whole);
        Ok(head.to_vec())
    }
    // ANCHOR_END: headers

    // ANCHOR: marks
    /// DELE n: mark for deletion (undone by RSET; done at QUIT).
    pub fn dele(&mut self, n: u32) -> Result<(), Pop3Error> {
        self.simple(&format!("DELE {n}"), "DELE").map(drop)
    }

    /// RSET: unmark every message.
    pub fn rset(&mut self) -> Result<(), Pop3Error> {
        self.simple("RSET", "RSET").map(drop)
    }

    /// NOOP: does nothing; checks the connection.
    pub fn noop(&mut self) -> Result<(), Pop3Error> {
        self.simple("NOOP", "NOOP").map(drop)
    }

    /// QUIT: the UPDATE state; deletions happen only if this says `+OK`.
    pub fn quit(mut self) -> Result<String, Pop3Error> {
        self.simple("QUIT", "QUIT").map(|s| s.text)
    }
    // ANCHOR_END: marks

    /// Sends one command line and reads a status line; `-ERR` is an error
    /// naming `shown` (so a password is never in a message).
    pub fn simple(&mut self, line: &str, shown: &str) -> Result<Status, Pop3Error> {
        self.send(line)?;
        let status = self.status()?;
        if status.ok {
            Ok(status)
        } else {
            Err(Pop3Error::Refused {
                command: shown.to_string(),
                text: status.text,
            })
        }
    }

    /// Sends a command whose `+OK` is followed by data lines; returns them
    /// unstuffed.
    pub fn multi(&mut self, line: &str) -> Result<Vec<u8>, Pop3Error> {
        self.simple(line, line)?;
        let mut reader = MultiLine::new(self.limits.max_reply);
        // Bounded: every line adds to a capped total, or ends the reply.
        loop {
            let l = self.read_line(super::multiline::MAX_DATA_LINE, "in a multi-line reply")?;
            if reader.on_line(&l)? {
                return Ok(reader.into_data());
            }
        }
    }

    fn send(&mut self, line: &str) -> Result<(), Pop3Error> {
        if line.contains(['\r', '\n']) {
            return Err(Pop3Error::Protocol(
                "a command cannot contain a line break".into(),
            ));
        }
        let mut bytes = line.as_bytes().to_vec();
        bytes.extend_from_slice(b"\r\n");
        self.stream.write_all(&bytes)?;
        self.stream.flush()?;
        Ok(())
    }

    fn status(&mut self) -> Result<Status, Pop3Error> {
        let line = self.read_line(MAX_STATUS_LINE, "before its reply")?;
        Status::parse(&line)
    }

    /// One line of at most `max` bytes, ending included.
    fn read_line(&mut self, max: usize, at: &'static str) -> Result<Vec<u8>, Pop3Error> {
        let mut chunk = [0u8; 4096];
        // Bounded: each pass adds bytes until the cap, or returns.
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                if i + 1 > max {
                    return Err(too_long(max));
                }
                return Ok(self.buf.drain(..=i).collect());
            }
            if self.buf.len() > max {
                return Err(too_long(max));
            }
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(Pop3Error::Closed(at));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

fn too_long(max: usize) -> Pop3Error {
    Pop3Error::Protocol(format!("a line longer than {max} bytes"))
}
