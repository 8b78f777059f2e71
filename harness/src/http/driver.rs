//! A client driver for testing HTTP servers: it sends exactly the bytes a
//! test gives (malformed ones too), all at once, pipelined, or slowly, and
//! reads responses framed the way RFC 9112 §6.3 says: no body after HEAD,
//! 1xx, 204 and 304; chunked; Content-Length; else until close.
//!
//! Every read has a timeout ([`crate::peer::client::TIMEOUT`]) and every
//! buffer a cap, so a server that misbehaves fails the test instead of
//! hanging it.
//!
//! Layout: [`RawResponse`], [`Driver`].

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::chunked::{Fill, find, read_chunked};
use crate::peer::client::connect;

/// The most a response head or body may take.
const MAX: usize = 64 << 20;

/// One response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The status line.
    pub status_line: String,
    /// Header fields as sent.
    pub headers: Vec<(String, String)>,
    /// The body (decoded when chunked).
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first value of header `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A connection to a server under test.
#[derive(Debug)]
pub struct Driver {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Driver {
    /// Connects with read and write timeouts.
    pub fn connect(addr: SocketAddr) -> io::Result<Driver> {
        Ok(Driver {
            stream: connect(addr)?,
            buf: Vec::new(),
        })
    }

    /// Sends `bytes` in one write (several requests at once = pipelining).
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Sends `bytes` in pieces of `size`, pausing `pause` between them: a slow sender.
    pub fn send_slowly(&mut self, bytes: &[u8], size: usize, pause: Duration) -> io::Result<()> {
        for piece in bytes.chunks(size.max(1)) {
            self.stream.write_all(piece)?;
            std::thread::sleep(pause);
        }
        Ok(())
    }

    /// A GET of `path` with Host (keep-alive unless `close`).
    pub fn get(&mut self, path: &str, close: bool) -> io::Result<RawResponse> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        self.send(format!("GET {path} HTTP/1.1\r\nHost: test\r\n{connection}\r\n").as_bytes())?;
        self.read_response(false)
    }

    /// Reads one response; `head_request` when it answers a HEAD.
    pub fn read_response(&mut self, head_request: bool) -> io::Result<RawResponse> {
        let end = self.fill_until(|b| find(b, b"\r\n\r\n").map(|i| i + 4))?;
        let head: Vec<u8> = self.buf.drain(..end).collect();
        let text = String::from_utf8_lossy(&head).into_owned();
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or("").to_string();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.to_string(), v.trim().to_string()))
            .collect();
        let mut response = RawResponse {
            status,
            status_line,
            headers,
            body: Vec::new(),
        };
        if head_request || status < 200 || status == 204 || status == 304 {
            return Ok(response);
        }
        response.body = if response
            .header("transfer-encoding")
            .is_some_and(|t| t.contains("chunked"))
        {
            read_chunked(self, MAX)?
        } else if let Some(n) = response
            .header("content-length")
            .and_then(|n| n.parse::<usize>().ok())
        {
            self.fill_until(|b| (b.len() >= n).then_some(n))?;
            self.buf.drain(..n).collect()
        } else {
            self.read_to_close()?
        };
        Ok(response)
    }

    /// Everything until the server closes (bounded by the cap and timeouts).
    pub fn read_to_close(&mut self) -> io::Result<Vec<u8>> {
        let (rest, err) = crate::peer::client::read_to_close(&mut self.stream, MAX);
        let mut out = std::mem::take(&mut self.buf);
        out.extend_from_slice(&rest);
        match err {
            Some(e) if out.is_empty() => Err(e),
            _ => Ok(out),
        }
    }

    /// True when the server has closed the connection (reads end of stream).
    pub fn is_closed(&mut self) -> bool {
        let mut byte = [0u8; 1];
        matches!(self.stream.read(&mut byte), Ok(0) | Err(_))
    }

    /// Reads until `done(buf)` gives an index; fails at end of stream or cap.
    fn fill(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> io::Result<usize> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if let Some(i) = done(&self.buf) {
                return Ok(i);
            }
            if self.buf.len() > MAX {
                return Err(bad("response larger than the cap"));
            }
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "server closed mid-response",
                ));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

impl Fill for Driver {
    type Error = io::Error;

    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    fn fill_until(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> io::Result<usize> {
        self.fill(done)
    }

    fn malformed(&self, what: String) -> io::Error {
        bad(&what)
    }
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}
