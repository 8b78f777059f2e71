//! A small blocking POP3 client for tests that drive the fake POP3 server
//! (e.g. many learners reading their mail through `workbook peer room`).
//!
//! Like [`crate::smtp::client`], it only has to be obviously right: every
//! read has a timeout, every line and every message a cap. Chapter 8
//! teaches the real client.
//!
//! Layout: [`Pop3Client`].

use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use crate::peer::client::connect;
use crate::smtp::client::read_line;

/// Most bytes of one multi-line reply.
const MAX_MULTI: usize = 16 << 20;

/// A POP3 connection.
#[derive(Debug)]
pub struct Pop3Client {
    reader: BufReader<TcpStream>,
}

fn refused(command: &str, reply: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{command} got {}", reply.trim_end()),
    )
}

impl Pop3Client {
    /// Connects and reads the greeting line (`+OK ...`, or `-ERR ...` when
    /// the server is full).
    pub fn connect(addr: SocketAddr) -> io::Result<(Pop3Client, String)> {
        let mut reader = BufReader::new(connect(addr)?);
        let greeting = read_line(&mut reader)?;
        Ok((Pop3Client { reader }, greeting))
    }

    /// Sends `line` (CRLF added) and reads the one-line reply.
    pub fn command(&mut self, line: &str) -> io::Result<String> {
        self.reader
            .get_mut()
            .write_all(format!("{line}\r\n").as_bytes())?;
        read_line(&mut self.reader)
    }

    /// USER and PASS; an error (kind `PermissionDenied`, with the server's
    /// reply) if either is refused.
    pub fn login(&mut self, user: &str, password: &str) -> io::Result<()> {
        for line in [format!("USER {user}"), format!("PASS {password}")] {
            let reply = self.command(&line)?;
            if !reply.starts_with("+OK") {
                // Never repeat the password in an error message.
                let shown = line.split(' ').next().unwrap_or("");
                return Err(refused(shown, &reply));
            }
        }
        Ok(())
    }

    /// Sends `line` and reads a multi-line reply: the data after the `+OK`
    /// line, un-stuffed, without the final `.` line.
    pub fn multi_line(&mut self, line: &str) -> io::Result<Vec<u8>> {
        let first = self.command(line)?;
        if !first.starts_with("+OK") {
            return Err(refused(line, &first));
        }
        let mut data = Vec::new();
        while data.len() < MAX_MULTI {
            let l = read_line(&mut self.reader)?;
            if l == ".\r\n" {
                return Ok(data);
            }
            // Byte-stuffing (RFC 1939 §3): a leading dot was doubled.
            let l = l.strip_prefix('.').unwrap_or(&l);
            data.extend_from_slice(l.as_bytes());
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{line}: reply larger than {MAX_MULTI} bytes"),
        ))
    }

    /// Every message of the maildrop, in order (LIST, then RETR each).
    pub fn retrieve_all(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let list = String::from_utf8_lossy(&self.multi_line("LIST")?).into_owned();
        let numbers: Vec<String> = list
            .lines()
            .filter_map(|l| l.split(' ').next().map(str::to_string))
            .collect();
        numbers
            .iter()
            .map(|n| self.multi_line(&format!("RETR {n}")))
            .collect()
    }

    /// Sends `QUIT` and reads its reply.
    pub fn quit(mut self) -> io::Result<String> {
        self.command("QUIT")
    }
}
