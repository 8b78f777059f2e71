//! A small blocking SMTP client for tests that drive the fake SMTP server
//! (e.g. many learners at once through `workbook peer room`).
//!
//! It is deliberately plain: it sends what it is told and reads replies
//! with the timeouts of [`crate::peer::client::connect`] and capped lines,
//! so a misbehaving server fails a test instead of hanging it. Chapter 7
//! teaches the real client; this one only has to be obviously right.
//!
//! Layout: [`Reply`], [`SmtpClient`], [`read_line`] (shared with the POP3
//! client).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use super::sasl::plain_response;
use crate::peer::client::connect;

/// Longest reply line read (RFC 5321 §4.5.3.1.5: 512 octets), with room.
pub const MAX_LINE: u64 = 2048;
/// Most lines of one multi-line reply.
const MAX_LINES: usize = 100;

/// One SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code.
    pub code: u16,
    /// The text of every line, after the code and its separator.
    pub lines: Vec<String>,
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

/// Reads one line (with its line end) of at most [`MAX_LINE`] bytes; an
/// error at end of stream or when the line is too long.
pub fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = String::new();
    reader.take(MAX_LINE).read_line(&mut line)?;
    if line.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    if !line.ends_with('\n') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "reply line too long",
        ));
    }
    Ok(line)
}

fn bad(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
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
        let mut lines = Vec::new();
        for _ in 0..MAX_LINES {
            let line = read_line(&mut self.reader)?;
            let line = line.trim_end_matches(['\r', '\n']);
            let code = line.get(..3).and_then(|c| c.parse::<u16>().ok());
            let code = code.ok_or_else(|| bad(format!("not an SMTP reply: {line:?}")))?;
            lines.push(line.get(4..).unwrap_or("").to_string());
            // `250-` continues, `250 ` (or a bare code) ends the reply.
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(Reply { code, lines });
            }
        }
        Err(bad(format!("a reply of more than {MAX_LINES} lines")))
    }

    /// Sends `line` (CRLF added) and reads the reply.
    pub fn command(&mut self, line: &str) -> io::Result<Reply> {
        self.reader
            .get_mut()
            .write_all(format!("{line}\r\n").as_bytes())?;
        self.reply()
    }

    /// `EHLO` then `AUTH PLAIN` as `user`; the AUTH reply (235 on success).
    pub fn login(&mut self, user: &str, password: &str) -> io::Result<Reply> {
        self.expect(&format!("EHLO {user}.client.test"), 250)?;
        self.command(&format!("AUTH PLAIN {}", plain_response(user, password)))
    }

    /// Sends one message: MAIL, RCPT for each of `to`, DATA with `message`
    /// dot-stuffed; the reply to the final `.` (250 when accepted).
    pub fn send_mail(&mut self, from: &str, to: &[&str], message: &str) -> io::Result<Reply> {
        self.expect(&format!("MAIL FROM:<{from}>"), 250)?;
        for rcpt in to {
            self.expect(&format!("RCPT TO:<{rcpt}>"), 250)?;
        }
        self.expect("DATA", 354)?;
        let mut data = String::new();
        for line in message.lines() {
            // Transparency (RFC 5321 §4.5.2).
            if line.starts_with('.') {
                data.push('.');
            }
            data.push_str(line);
            data.push_str("\r\n");
        }
        data.push_str(".\r\n");
        self.reader.get_mut().write_all(data.as_bytes())?;
        self.reply()
    }

    /// Sends `QUIT` and reads the `221`.
    pub fn quit(mut self) -> io::Result<Reply> {
        self.command("QUIT")
    }

    /// Sends `line`; an error unless the reply has code `code`.
    fn expect(&mut self, line: &str, code: u16) -> io::Result<Reply> {
        let reply = self.command(line)?;
        if reply.code != code {
            return Err(bad(format!(
                "{line:?} got {} {} (expected {code})",
                reply.code,
                reply.text()
            )));
        }
        Ok(reply)
    }
}
