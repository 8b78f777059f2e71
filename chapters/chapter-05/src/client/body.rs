//! Reading a response body, framed as RFC 9112 §6.3 says: none, chunked,
//! Content-Length, or until the close; each piece goes to the sink as it
//! arrives, and progress is reported after each.
//!
//! Layout: [`read_body`], [`read_chunked`], [`read_into`].

use std::io::{self, Read, Write};

use super::{ClientError, Reply};
use crate::chunked::Decoder;
use crate::head::content_length;

/// One read appended to `buf`.
pub fn read_into(stream: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk)?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

// ANCHOR: response_body
/// The body, framed per RFC 9112 §6.3, written to `sink`; returns its length.
pub fn read_body(
    stream: &mut impl Read,
    mut buf: Vec<u8>,
    reply: &Reply,
    head_request: bool,
    sink: &mut dyn Write,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<u64, ClientError> {
    if head_request || reply.status < 200 || matches!(reply.status, 204 | 304) {
        return Ok(0);
    }
    let chunked = reply
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(stream, buf, sink, progress);
    }
    let lengths = reply
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    let total = content_length(lengths.map(|(_, v)| v.as_str()))?;
    let mut got: u64 = 0;
    loop {
        let want = total.map_or(buf.len() as u64, |t| (t - got).min(buf.len() as u64));
        sink.write_all(&buf[..want as usize])?;
        got += want;
        progress(got, total);
        buf.clear();
        if total == Some(got) {
            return Ok(got);
        }
        if read_into(stream, &mut buf)? == 0 {
            return match total {
                None => Ok(got),
                Some(t) => Err(ClientError::Protocol(format!(
                    "body ended after {got} of {t} bytes"
                ))),
            };
        }
    }
}
// ANCHOR_END: response_body

/// A chunked body, decoded into `sink`.
pub fn read_chunked(
    stream: &mut impl Read,
    mut buf: Vec<u8>,
    sink: &mut dyn Write,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<u64, ClientError> {
    let mut decoder = Decoder::new();
    let mut got = 0;
    loop {
        let mut out = Vec::new();
        decoder
            .feed(&buf, &mut out)
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        sink.write_all(&out)?;
        got += out.len() as u64;
        progress(got, None);
        buf.clear();
        if decoder.is_done() {
            return Ok(got);
        }
        if read_into(stream, &mut buf)? == 0 {
            return Err(ClientError::Protocol(
                "chunked body ended before its last chunk".into(),
            ));
        }
    }
}
