//! The chunked transfer coding read from a buffered connection (RFC 9112
//! §7.1), once for every HTTP client of the harness: the test [`Driver`]
//! and the conformance cases' client each implement [`Fill`] (how they
//! read more, and what their errors are) and call [`read_chunked`].
//!
//! Layout: [`Fill`], [`read_chunked`], [`find`].
//!
//! [`Driver`]: super::driver::Driver

/// A connection with a read buffer that can be filled on demand.
pub trait Fill {
    /// What a failed read (or a malformed body) becomes.
    type Error;

    /// The bytes read but not yet used.
    fn buffer(&mut self) -> &mut Vec<u8>;

    /// Reads until `done(buffer)` gives an index (returned), or fails: at
    /// the end of the stream, a timeout or the connection's cap.
    fn fill_until(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> Result<usize, Self::Error>;

    /// The error for a body that breaks the coding (`what` says how).
    fn malformed(&self, what: String) -> Self::Error;
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One CRLF-ended line, taken from the buffer (CRLF included).
fn line<F: Fill>(conn: &mut F) -> Result<Vec<u8>, F::Error> {
    let end = conn.fill_until(|b| find(b, b"\r\n").map(|i| i + 2))?;
    Ok(conn.buffer().drain(..end).collect())
}

/// Reads a chunked body and returns it decoded: chunks until the
/// zero-size one, chunk extensions ignored (§7.1.1), trailer fields read
/// and dropped up to the empty line (§7.1.2). A size that is not hex, or
/// a body that would grow past `cap` bytes, is [`Fill::malformed`].
pub fn read_chunked<F: Fill>(conn: &mut F, cap: usize) -> Result<Vec<u8>, F::Error> {
    let mut body = Vec::new();
    // Bounded: each pass takes one chunk, and the body is capped.
    loop {
        let size_line = line(conn)?;
        let text = String::from_utf8_lossy(&size_line);
        let hex = text.trim_end().split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16)
            .ok()
            .filter(|s| body.len().saturating_add(*s) <= cap)
            .ok_or_else(|| conn.malformed(format!("chunk size line \"{hex}\"")))?;
        if size == 0 {
            // Bounded by the connection's cap on what it buffers.
            while line(conn)?.len() != 2 {}
            return Ok(body);
        }
        conn.fill_until(|b| (b.len() >= size + 2).then_some(size + 2))?;
        let buf = conn.buffer();
        body.extend(buf.drain(..size));
        buf.drain(..2);
    }
}

#[cfg(test)]
mod tests {
    use super::{Fill, read_chunked};

    /// A connection whose bytes are all there already.
    struct Bytes(Vec<u8>);

    impl Fill for Bytes {
        type Error = String;
        fn buffer(&mut self) -> &mut Vec<u8> {
            &mut self.0
        }
        fn fill_until(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> Result<usize, String> {
            done(&self.0).ok_or_else(|| "end of stream".to_string())
        }
        fn malformed(&self, what: String) -> String {
            what
        }
    }

    #[test]
    fn decodes_chunks_with_extensions_and_trailers() {
        let mut conn = Bytes(b"3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\nnext".to_vec());
        assert_eq!(read_chunked(&mut conn, 100).unwrap(), b"abcde");
        assert_eq!(conn.0, b"next");
    }

    #[test]
    fn a_bad_size_or_a_body_over_the_cap_is_malformed() {
        let err = read_chunked(&mut Bytes(b"zz\r\n".to_vec()), 100).unwrap_err();
        assert_eq!(err, "chunk size line \"zz\"");
        assert!(read_chunked(&mut Bytes(b"10\r\n".to_vec()), 15).is_err());
        assert!(read_chunked(&mut Bytes(b"3\r\nab".to_vec()), 100).is_err());
    }
}
