//! Reading from a client with the server's time rules: reads in short
//! slices (so shutdown is noticed), never past a deadline; and the request
//! body, framed by Content-Length or chunked (RFC 9112 §6).
//!
//! Layout: [`Got`], [`SLICE`], [`read_some`], [`read_more`], [`read_body`], [`read_chunked`].

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
/// Reads the request body (RFC 9112 §6.3); `Err(status)` ends the connection.
pub fn read_body(
    stream: &TcpStream,
    buf: &mut Vec<u8>,
    head: &RequestHead,
    max: usize,
    config: &Config,
) -> Result<Vec<u8>, u16> {
    let deadline = Instant::now() + config.idle;
    let chunked = match head.header("transfer-encoding") {
        None => false,
        Some(te) if te.trim().eq_ignore_ascii_case("chunked") => true,
        Some(_) => return Err(501),
    };
    let length = content_length(head.all("content-length")).map_err(|e| e.status())?;
    if chunked && length.is_some() {
        return Err(400);
    }
    if chunked {
        return read_chunked(stream, buf, max, deadline);
    }
    let Some(len) = length else {
        return Ok(Vec::new());
    };
    let len = match usize::try_from(len) {
        Ok(len) if len <= max => len,
        _ => return Err(413),
    };
    while buf.len() < len {
        read_more(stream, buf, deadline)?;
    }
    Ok(buf.drain(..len).collect())
}
// ANCHOR_END: request_body

/// A chunked request body, capped at `max` decoded bytes.
pub fn read_chunked(
    stream: &TcpStream,
    buf: &mut Vec<u8>,
    max: usize,
    deadline: Instant,
) -> Result<Vec<u8>, u16> {
    let mut decoder = Decoder::new();
    let mut body = Vec::new();
    loop {
        let used = decoder.feed(buf, &mut body).map_err(|_| 400u16)?;
        buf.drain(..used);
        if body.len() > max {
            return Err(413);
        }
        if decoder.is_done() {
            return Ok(body);
        }
        read_more(stream, buf, deadline)?;
    }
}
