//! The test-side POP3 client: status lines, USER/PASS, and multi-line
//! replies (RFC 1939 §3) read with the shared dot-terminated
//! [`read_block`].
//!
//! # Layout
//! [`Pop3Client`].

use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use super::{read_block, read_text_line};
use crate::peer::client::connect;

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
        let greeting = read_text_line(&mut reader)?;
        Ok((Pop3Client { reader }, greeting))
    }

    /// Reads one reply line the server sent unasked (e.g. the `-ERR` of a
    /// server that ends the session to make room for another).
    pub fn reply(&mut self) -> io::Result<String> {
        read_text_line(&mut self.reader)
    }

    /// Sends `line` (CRLF added) and reads the one-line reply.
    pub fn command(&mut self, line: &str) -> io::Result<String> {
        self.reader
            .get_mut()
            .write_all(format!("{line}\r\n").as_bytes())?;
        read_text_line(&mut self.reader)
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
        read_block(&mut self.reader, MAX_MULTI)
            .map_err(|e| io::Error::new(e.kind(), format!("{line}: {e}")))
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
