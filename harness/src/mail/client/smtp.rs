//! The test-side SMTP client: commands and their (possibly multi-line)
//! replies (RFC 5321 §4.2), AUTH PLAIN, and one whole message sent.
//!
//! # Layout
//! [`Reply`], [`SmtpClient`] (its `reply` is the harness's one SMTP reply
//! reader).

use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use super::{invalid, read_text_line};
use crate::mail::dot::stuff;
use crate::mail::sasl::plain_response;
use crate::peer::client::{connect, hang_up};

/// Most lines of one multi-line reply.
const MAX_LINES: usize = 100;

/// One SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code.
    pub code: u16,
    /// The text of every line, after the code and its separator.
    pub lines: Vec<String>,
    /// The reply as it came, every line with its line end, for tests
    /// that check the exact bytes.
    pub raw: String,
}

impl Reply {
    /// The lines joined with spaces, for messages.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

/// An SMTP connection.
#[derive(Debug)]
pub struct SmtpClient {
    reader: BufReader<TcpStream>,
}

impl SmtpClient {
    /// Connects and reads the greeting (which may be a `421` when full).
    pub fn connect(addr: SocketAddr) -> io::Result<(SmtpClient, Reply)> {
        let mut client = SmtpClient {
            reader: BufReader::new(connect(addr)?),
        };
        let greeting = client.reply()?;
        Ok((client, greeting))
    }

    /// Reads one (possibly multi-line) reply.
    pub fn reply(&mut self) -> io::Result<Reply> {
        let (mut lines, mut raw) = (Vec::new(), String::new());
        for _ in 0..MAX_LINES {
            let line = read_text_line(&mut self.reader)?;
            raw.push_str(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            let code = line.get(..3).and_then(|c| c.parse::<u16>().ok());
            let code = code.ok_or_else(|| invalid(format!("not an SMTP reply: {line:?}")))?;
            lines.push(line.get(4..).unwrap_or("").to_string());
            // `250-` continues, `250 ` (or a bare code) ends the reply.
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(Reply { code, lines, raw });
            }
        }
        Err(invalid(format!("a reply of more than {MAX_LINES} lines")))
    }

    /// Sends `bytes` as they are, in one write (several commands at once
    /// is pipelining, RFC 2920); read each reply with [`SmtpClient::reply`].
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.reader.get_mut().write_all(bytes)
    }

    /// Sends `line` (CRLF added) and reads the reply.
    pub fn command(&mut self, line: &str) -> io::Result<Reply> {
        self.send(format!("{line}\r\n").as_bytes())?;
        self.reply()
    }

    /// `EHLO` then `AUTH PLAIN` as `user`; the AUTH reply (235 on success).
    pub fn login(&mut self, user: &str, password: &str) -> io::Result<Reply> {
        self.expect(&format!("EHLO {user}.client.test"), 250)?;
        self.command(&format!("AUTH PLAIN {}", plain_response(user, password)))
    }

    /// Sends one message: MAIL, RCPT for each of `to`, DATA with
    /// `message`'s lines ended by CRLF and dot-stuffed; the reply to the
    /// final `.` (250 when accepted).
    pub fn send_mail(&mut self, from: &str, to: &[&str], message: &str) -> io::Result<Reply> {
        self.expect(&format!("MAIL FROM:<{from}>"), 250)?;
        for rcpt in to {
            self.expect(&format!("RCPT TO:<{rcpt}>"), 250)?;
        }
        self.expect("DATA", 354)?;
        // SMTP lines end in CRLF (RFC 5321 §2.3.8), whatever the text had.
        let crlf: String = message.lines().map(|l| format!("{l}\r\n")).collect();
        self.send(&stuff(crlf.as_bytes()))?;
        self.reply()
    }

    /// Sends `QUIT` and reads the `221`.
    pub fn quit(mut self) -> io::Result<Reply> {
        self.command("QUIT")
    }

    /// Ends the connection without QUIT: stops sending and reads until the
    /// server closes, so its transcript has recorded the end.
    pub fn hang_up(self) {
        hang_up(self.reader.into_inner());
    }

    /// Sends `line`; an error unless the reply has code `code`.
    fn expect(&mut self, line: &str, code: u16) -> io::Result<Reply> {
        let reply = self.command(line)?;
        if reply.code != code {
            return Err(invalid(format!(
                "{line:?} got {} {} (expected {code})",
                reply.code,
                reply.text()
            )));
        }
        Ok(reply)
    }
}
