//! The harness's side of a server case: a recorded line client
//! ([`LineClient`]) that connects to the program under test, writes, and reads
//! lines with a deadline, so no read can hang a run.
//!
//! A read waits up to its client's read limit ([`read_limit`]: a third of
//! the case's time, at least [`READ_LIMIT_MIN`], so `--time-limit` changes
//! it) and never past the case's deadline. Not a fixed few seconds: a
//! correct server may pause on purpose (Dovecot delays the answer after a
//! failed login by seconds, against password guessing), and only the case
//! knows how long is too long. Not the whole deadline either: one silent
//! answer should leave time to grade the rest. When a read times out, the
//! report names the limit that ran out.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use harness::failure::{EOF_HINT, escape, io_hint, io_what};
use harness::transcript::{Recorder, RecordingStream, Side};

/// The least a read waits for its line (unless the deadline comes first).
pub const READ_LIMIT_MIN: Duration = Duration::from_secs(10);

/// The read limit of a conversation that has `left` until its deadline:
/// a third of it, at least [`READ_LIMIT_MIN`].
pub fn read_limit(left: Duration) -> Duration {
    (left / 3).max(READ_LIMIT_MIN)
}

/// Longest a connection attempt waits (bounded by the deadline too): a
/// listening loopback socket accepts at once unless its backlog is full.
pub const CONNECT_LIMIT: Duration = Duration::from_secs(10);
/// Longest line accepted; a longer one is returned cut at this size.
pub const LINE_CAP: usize = 4096;

/// How a read ended without a complete line.
#[derive(Debug)]
pub struct ReadEnd {
    /// What came before the end.
    pub partial: Vec<u8>,
    /// The error, or `None` for end of file.
    pub error: Option<io::Error>,
    /// On a timeout: the client's read limit when that is what ran out,
    /// `None` when the case's deadline did.
    pub read_limit: Option<Duration>,
}

impl ReadEnd {
    /// In plain English: what came, why the read ended, and a hint.
    pub fn describe(&self) -> String {
        let (what, hint) = match &self.error {
            Some(e) if is_timeout(e) => return self.describe_timeout(),
            Some(e) => (io_what(e), io_hint(e)),
            None => (
                "the connection was closed (end of file)".to_string(),
                EOF_HINT,
            ),
        };
        match self.partial.as_slice() {
            [] => format!("nothing came back: {what}\nhint: {hint}"),
            partial => format!("got \"{}\" and then: {what}\nhint: {hint}", escape(partial)),
        }
    }
}

impl ReadEnd {
    /// A timeout names the limit that expired (the case's deadline) and
    /// guesses a cause only from what came: bytes without a line ending
    /// point at the ending; silence alone could be anything.
    fn describe_timeout(&self) -> String {
        let what = match self.read_limit {
            Some(limit) => format!(
                "timed out: nothing more came for {} s, the longest one read waits (a third \
                 of the case's time limit, at least {} s)",
                limit.as_secs(),
                READ_LIMIT_MIN.as_secs()
            ),
            None => "timed out: the case's time limit ran out while the harness waited for \
                     this read"
                .to_string(),
        };
        let hint = if self.partial.is_empty() {
            "the program sent nothing more before the deadline: it may be waiting for \
             something the harness does not send, be stuck, or be slower than the case \
             allows (`--time-limit SECONDS` gives it longer)"
        } else {
            "it sent bytes without a line ending and then nothing more: a missing line \
             ending (CRLF)? an unflushed write?"
        };
        match self.partial.as_slice() {
            [] => format!("nothing came back: {what}\nhint: {hint}"),
            partial => format!("got \"{}\" and then: {what}\nhint: {hint}", escape(partial)),
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// A client connection recorded into a transcript; after a failure it is
/// closed and stays so ([`LineClient::is_open`]).
#[derive(Debug)]
pub struct LineClient {
    /// The connection's label in the transcript (`client-2`).
    pub name: String,
    stream: Option<RecordingStream>,
    buffer: Vec<u8>,
    read_limit: Duration,
}

impl LineClient {
    /// Connects to `addr`, recording into `recorder` under `name`.
    pub fn connect(addr: SocketAddr, recorder: &Recorder, name: &str) -> io::Result<LineClient> {
        let stream = TcpStream::connect_timeout(&addr, CONNECT_LIMIT)?;
        // Separate writes should reach the server as separate segments.
        stream.set_nodelay(true)?;
        let stream = RecordingStream::new(stream, recorder, name, Side::Client);
        Ok(LineClient {
            name: name.into(),
            stream: Some(stream),
            buffer: Vec::new(),
            read_limit: READ_LIMIT_MIN,
        })
    }

    /// Sets how long one read may wait ([`read_limit`]; by default
    /// [`READ_LIMIT_MIN`]); the deadline given to each read still bounds it.
    pub fn with_read_limit(mut self, limit: Duration) -> LineClient {
        self.read_limit = limit;
        self
    }

    /// This end's address (`getsockname`), while the connection is open.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.stream.as_ref()?.get_ref().local_addr().ok()
    }

    /// Whether the connection is still usable.
    pub fn is_open(&self) -> bool {
        self.stream.is_some()
    }

    /// Closes the connection (recorded as a close by the client).
    pub fn close(&mut self) {
        self.stream = None;
    }

    /// Writes each piece with its own write call; an error closes.
    pub fn send(&mut self, pieces: &[&[u8]]) -> io::Result<()> {
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
        let result = pieces
            .iter()
            .try_for_each(|p| stream.write_all(p).and_then(|()| stream.flush()));
        if result.is_err() {
            self.close();
        }
        result
    }

    /// Stops sending (`shutdown(SHUT_WR)`), keeping the reading side open.
    pub fn half_close(&mut self) -> io::Result<()> {
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
        stream.shutdown_write()
    }

    /// Reads one line through its LF (at most [`LINE_CAP`] bytes), waiting no
    /// later than `until`; otherwise returns what came and why it ended.
    pub fn read_line(&mut self, until: Instant) -> Result<Vec<u8>, ReadEnd> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                return Ok(self.buffer.drain(..=end).collect());
            }
            if self.buffer.len() >= LINE_CAP {
                return Ok(std::mem::take(&mut self.buffer));
            }
            let partial = std::mem::take(&mut self.buffer);
            // The per-read limit counts from the start of each read call.
            let read_limit = (Instant::now() + self.read_limit < until).then_some(self.read_limit);
            match self.read_some(until) {
                Ok(chunk) if chunk.is_empty() => {
                    return Err(ReadEnd {
                        partial,
                        error: None,
                        read_limit: None,
                    });
                }
                Ok(chunk) => self.buffer = [partial, chunk].concat(),
                Err(error) => {
                    let read_limit = read_limit.filter(|_| is_timeout(&error));
                    return Err(ReadEnd {
                        partial,
                        error: Some(error),
                        read_limit,
                    });
                }
            }
        }
    }

    /// One read with a timeout of the read limit, or what is left until
    /// `until` if that is less; empty on end of file.
    fn read_some(&mut self, until: Instant) -> io::Result<Vec<u8>> {
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
        let left = until.saturating_duration_since(Instant::now());
        stream.get_ref().set_read_timeout(Some(
            left.min(self.read_limit).max(Duration::from_millis(1)),
        ))?;
        let mut chunk = [0u8; 1024];
        loop {
            match stream.read(&mut chunk) {
                Ok(n) => return Ok(chunk[..n].to_vec()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed_out(partial: &[u8], read_limit: Option<Duration>) -> String {
        let error = Some(io::Error::from(io::ErrorKind::WouldBlock));
        let partial = partial.to_vec();
        ReadEnd {
            partial,
            error,
            read_limit,
        }
        .describe()
    }

    #[test]
    fn a_timeout_names_the_limit_that_ran_out() {
        let per_read = timed_out(b"", Some(Duration::from_secs(12)));
        assert!(
            per_read.contains("nothing more came for 12 s"),
            "{per_read}"
        );
        let deadline = timed_out(b"", None);
        assert!(
            deadline.contains("the case's time limit ran out"),
            "{deadline}"
        );
        // Silence alone does not blame a line ending; bytes without one do.
        assert!(!deadline.contains("line ending"), "{deadline}");
        let partial = timed_out(b"half a li", None);
        assert!(partial.contains("missing line ending"), "{partial}");
    }

    #[test]
    fn the_read_limit_is_a_third_of_the_time_left_and_at_least_ten_seconds() {
        assert_eq!(read_limit(Duration::from_secs(5)), READ_LIMIT_MIN);
        assert_eq!(read_limit(Duration::from_secs(60)), Duration::from_secs(20));
    }
}
