//! Reading from a client with the server's time rules: reads in short
//! slices (so shutdown is noticed), never past a deadline; and the request
//! body, framed by Content-Length or chunked (RFC 9112 §6).
//!
//! Layout: [`Got`], [`SLICE`], [`read_some`], [`read_more`]; [`BodyReader`]
//! (sans-I/O, shared with the event loop) and [`read_body`].

use std::io::{self, ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::Config;
use crate::chunked::Decoder;
use crate::head::{RequestHead, content_length};

/// What one [`read_some`] got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Got {
    /// Some bytes, appended to the buffer.
    Data,
    /// End of stream.
    Closed,
    /// Nothing in one 250 ms slice: a chance to look at the shutdown flag.
    Slice,
    /// Nothing before the deadline.
    Expired,
}

/// The longest one read waits, so that shutdown is noticed.
pub const SLICE: Duration = Duration::from_millis(250);

/// Reads more into `buf`, waiting at most [`SLICE`] and never past
/// `deadline`. The socket's read timeout is expected to be [`SLICE`]
/// already (`serve_connection` sets it once): setting it before every read
/// was one more system call per request. Only the last slice before the
/// deadline, shorter, sets and then restores it.
pub fn read_some(mut stream: &TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> io::Result<Got> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Got::Expired);
        }
        let short = left < SLICE;
        if short {
            stream.set_read_timeout(Some(left))?;
        }
        let read = stream.read(&mut chunk);
        if short {
            stream.set_read_timeout(Some(SLICE))?;
        }
        return match read {
            Ok(0) => Ok(Got::Closed),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                Ok(Got::Data)
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Ok(Got::Slice)
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
    }
}

/// Reads until `buf` holds more bytes, or fails: for bodies, where an end
/// or a timeout is a malformed request.
pub fn read_more(stream: &TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> Result<(), u16> {
    loop {
        match read_some(stream, buf, deadline) {
            Ok(Got::Data) => return Ok(()),
            Ok(Got::Slice) => {}
            _ => return Err(400),
        }
    }
}

// ANCHOR: request_body
/// A request body being collected (RFC 9112 §6.3), without I/O: the
/// blocking driver and the event loop both feed it what they read.
#[derive(Debug)]
pub enum BodyReader {
    /// `Content-Length` bytes (0 when the request has no body).
    Length(usize),
    /// A chunked body, decoded as it comes, capped at `max` bytes.
    Chunked {
        /// Where in the chunked coding the bytes so far have left it.
        decoder: Decoder,
        /// The data decoded so far.
        body: Vec<u8>,
        /// The most data accepted (413 beyond).
        max: usize,
    },
}

impl BodyReader {
    /// How `head`'s body is framed; `Err(status)` refuses the request
    /// (and ends the connection: where the next request starts is unknown).
    pub fn for_head(head: &RequestHead, max: usize) -> Result<Self, u16> {
        let chunked = match head.header("transfer-encoding") {
            None => false,
            Some(te) if te.trim().eq_ignore_ascii_case("chunked") => true,
            Some(_) => return Err(501),
        };
        let length = content_length(head.all("content-length")).map_err(|e| e.status())?;
        match (chunked, length) {
            (true, Some(_)) => Err(400),
            (true, None) => Ok(BodyReader::Chunked {
                decoder: Decoder::new(),
                body: Vec::new(),
                max,
            }),
            (false, None) => Ok(BodyReader::Length(0)),
            (false, Some(len)) => match usize::try_from(len) {
                Ok(len) if len <= max => Ok(BodyReader::Length(len)),
                _ => Err(413),
            },
        }
    }

    /// Takes the body's bytes from the front of `buf`: the whole body once
    /// it is there, `None` while more must be read.
    pub fn feed(&mut self, buf: &mut Vec<u8>) -> Result<Option<Vec<u8>>, u16> {
        match self {
            BodyReader::Length(len) if buf.len() >= *len => Ok(Some(buf.drain(..*len).collect())),
            BodyReader::Length(_) => Ok(None),
            BodyReader::Chunked { decoder, body, max } => {
                let used = decoder.feed(buf, body).map_err(|_| 400u16)?;
                buf.drain(..used);
                if body.len() > *max {
                    return Err(413);
                }
                Ok(decoder.is_done().then(|| std::mem::take(body)))
            }
        }
    }
}

/// Reads the request body; `Err(status)` ends the connection.
pub fn read_body(
    stream: &TcpStream,
    buf: &mut Vec<u8>,
    head: &RequestHead,
    max: usize,
    config: &Config,
) -> Result<Vec<u8>, u16> {
    let deadline = Instant::now() + config.idle;
    let mut reader = BodyReader::for_head(head, max)?;
    loop {
        if let Some(body) = reader.feed(buf)? {
            return Ok(body);
        }
        read_more(stream, buf, deadline)?;
    }
}
// ANCHOR_END: request_body
