//! One connection of the http-server case's client to the server under
//! test ([`Conn`]): it writes requests and reads responses framed as
//! RFC 9112 §6.3 says (chunked, a length, or until the close; none after
//! HEAD, 1xx, 204 and 304), telling a close before any byte from one
//! mid-response. Every read is bounded by the wait for one response and by
//! the case's deadline, every buffer by a cap.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::http::{Failure, Response};
use harness::http::chunked::{Fill, find, read_chunked};

/// The most a response head may take (servers commonly cap a head near
/// 8 KiB; eight times that leaves room for any honest one).
const HEAD_CAP: usize = 64 << 10;
/// The most a response body may take: far beyond any file of `fixtures/www`.
const BODY_CAP: usize = 16 << 20;
/// Longest wait for the close a request with `Connection: close` asks for.
pub(crate) const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// One connection to the server under test.
#[derive(Debug)]
pub(crate) struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// The case's deadline.
    until: Instant,
    /// How long one response may take ([`response_wait`]).
    wait: Duration,
    /// When the response being read must be in: `wait` after it was
    /// asked for, and no later than `until`.
    response_until: Instant,
    /// Bytes of the response being read that have arrived.
    got: usize,
    /// Responses read whole on this connection.
    pub(crate) answered: usize,
}

impl Conn {
    /// Connects, with every later read done by `until` and each response
    /// waited for at most `wait`.
    pub(crate) fn connect(
        addr: SocketAddr,
        until: Instant,
        wait: Duration,
    ) -> Result<Conn, Failure> {
        let left = until.saturating_duration_since(Instant::now());
        let stream = TcpStream::connect_timeout(&addr, left.max(Duration::from_millis(1)))
            .map_err(Failure::Connect)?;
        // Separate writes should reach the server as separate segments.
        let _ = stream.set_nodelay(true);
        Ok(Conn {
            stream,
            buf: Vec::new(),
            until,
            wait,
            response_until: until,
            got: 0,
            answered: 0,
        })
    }

    /// Writes `bytes` at once (several requests in one write pipeline them).
    pub(crate) fn send(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.stream.write_all(bytes).map_err(Failure::Send)
    }

    /// Reads one final response (1xx interim ones are skipped); `head`
    /// when it answers a HEAD (no body, RFC 9110 §9.3.2).
    pub(crate) fn read_response(&mut self, head: bool) -> Result<Response, Failure> {
        self.got = self.buf.len();
        self.response_until = self.until.min(Instant::now() + self.wait);
        loop {
            let r = self.read_one(head)?;
            if !(100..200).contains(&r.status) {
                self.answered += 1;
                return Ok(r);
            }
        }
    }

    fn read_one(&mut self, head: bool) -> Result<Response, Failure> {
        // An answer that does not begin like a status line has none (an
        // HTTP/0.9-style reply): what comes until the close is its body.
        match self.fill_until(|b| (b.len() >= 5).then_some(5)) {
            Ok(_) | Err(Failure::ClosedMidResponse { .. }) => {}
            Err(e) => return Err(e),
        }
        if !self.buf.starts_with(b"HTTP/") {
            return Ok(self.without_status_line());
        }
        let end = self.fill_until(|b| find(b, b"\r\n\r\n").map(|i| i + 4))?;
        let text = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        self.buf.drain(..end);
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or("").to_string();
        let mut words = status_line.split(' ');
        let version = words.next().unwrap_or("").to_string();
        let status = words.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let headers = lines.filter_map(|l| l.split_once(':'));
        let headers = headers.map(|(n, v)| (n.to_string(), v.trim().to_string()));
        let mut r = Response {
            status,
            status_line,
            version,
            headers: headers.collect(),
            body: Vec::new(),
            until_close: false,
        };
        if head || (100..200).contains(&status) || status == 204 || status == 304 {
            return Ok(r);
        }
        self.read_body(&mut r)?;
        Ok(r)
    }

    /// The body by the framing RFC 9112 §6.3 gives: chunked, a length, or
    /// everything until the close.
    fn read_body(&mut self, r: &mut Response) -> Result<(), Failure> {
        let chunked = r.header("transfer-encoding");
        if chunked.is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
            r.body = read_chunked(self, BODY_CAP)?;
        } else if let Some(n) = r.header("content-length") {
            let n: usize = n.trim().parse().map_err(|_| {
                Failure::Malformed(format!("Content-Length \"{n}\" is not a number"))
            })?;
            if n > BODY_CAP {
                return Err(Failure::Malformed(format!("a body of {n} bytes")));
            }
            self.fill_until(|b| (b.len() >= n).then_some(n))?;
            r.body = self.buf.drain(..n).collect();
        } else {
            r.body = self.read_to_close()?;
            r.until_close = true;
        }
        Ok(())
    }

    fn without_status_line(&mut self) -> Response {
        let body = self.read_to_close().unwrap_or_default();
        Response {
            status: 0,
            status_line: "(no status line: an HTTP/0.9-style answer)".into(),
            version: String::new(),
            headers: Vec::new(),
            body,
            until_close: true,
        }
    }

    fn read_to_close(&mut self) -> Result<Vec<u8>, Failure> {
        loop {
            match self.read_more() {
                Ok(0) => return Ok(std::mem::take(&mut self.buf)),
                Ok(_) if self.buf.len() > BODY_CAP => {
                    return Err(Failure::Malformed("a body over the cap".into()));
                }
                Ok(_) => {}
                Err(Failure::Read { error, .. }) if is_reset(&error) => {
                    return Ok(std::mem::take(&mut self.buf));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads until `done(buf)` gives an index; a close before that is
    /// [`Failure::ClosedBeforeAnswer`] when nothing of the response came.
    fn fill(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> Result<usize, Failure> {
        loop {
            if let Some(i) = done(&self.buf) {
                return Ok(i);
            }
            if self.buf.len() > HEAD_CAP + BODY_CAP {
                return Err(Failure::Malformed("a response over the cap".into()));
            }
            match self.read_more() {
                Ok(0) if self.got == 0 => return Err(Failure::ClosedBeforeAnswer),
                Ok(0) => return Err(Failure::ClosedMidResponse { got: self.got }),
                Ok(_) => {}
                Err(Failure::Read { error, got: 0 }) if is_reset(&error) => {
                    return Err(Failure::ClosedBeforeAnswer);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// One read into the buffer, by the deadline; 0 at end of stream.
    fn read_more(&mut self) -> Result<usize, Failure> {
        self.read_by(self.response_until)
    }

    fn read_by(&mut self, until: Instant) -> Result<usize, Failure> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let got = self.got;
            // Which limit it is, for the report: the case's own deadline, or
            // the (shorter) wait for this one read.
            let response = (until < self.until).then_some(self.wait.as_secs());
            if left.is_zero() {
                return Err(Failure::Timeout { got, response });
            }
            let _ = self.stream.set_read_timeout(Some(left));
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    self.got += n;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return Err(Failure::Timeout { got, response }),
                Err(error) => return Err(Failure::Read { error, got }),
            }
        }
    }

    /// Waits (at most [`CLOSE_WAIT`], and not past the deadline) for the
    /// server to close: `Ok` on end of stream or reset, otherwise what it
    /// did instead.
    pub(crate) fn wait_close(&mut self) -> Result<(), String> {
        let until = self.until.min(Instant::now() + CLOSE_WAIT);
        self.got = 0;
        match self.read_by(until) {
            Ok(0) if self.buf.is_empty() => Ok(()),
            Err(Failure::Read { error, .. }) if is_reset(&error) => Ok(()),
            Ok(_) => Err(format!(
                "it sent {} more bytes after the response instead of closing",
                self.buf.len()
            )),
            Err(Failure::Timeout { .. }) => Err(format!(
                "the connection was still open {} s after the response",
                CLOSE_WAIT.as_secs()
            )),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn is_reset(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(e.kind(), K::ConnectionReset | K::ConnectionAborted)
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// The chunked reader of `harness::http` reads through this connection:
/// its deadlines, caps and failures apply.
impl Fill for Conn {
    type Error = Failure;

    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    fn fill_until(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> Result<usize, Failure> {
        self.fill(done)
    }

    fn malformed(&self, what: String) -> Failure {
        Failure::Malformed(what)
    }
}
