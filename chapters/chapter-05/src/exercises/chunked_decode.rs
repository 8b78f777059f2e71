//! Exercise: chunked decoding (RFC 9112 §7.1).
//!
//! A chunked body is `HEX-SIZE[;ext] CRLF data CRLF` repeated, then `0 CRLF`,
//! optional trailer lines, and an empty line. Bytes arrive in arbitrary
//! pieces, so the decoder keeps its state between calls to `feed`.
//! Accept a bare LF as a line end. Cap size and trailer lines at 4096 bytes.

/// A malformed chunked body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkError {
    /// A size line that is not hex (before an optional `;`), or too big.
    BadSize,
    /// Chunk data not followed by CRLF.
    MissingCrlf,
    /// A size or trailer line over 4096 bytes.
    LineTooLong,
}

/// The decoder, keeping its state between calls to [`ChunkedDecoder::feed`].
#[derive(Debug, Clone, Default)]
pub struct ChunkedDecoder {
    // TODO: your fields: all a call to `feed` needs to go on where the
    // previous call stopped.
}

impl ChunkedDecoder {
    /// A decoder at the start of a body.
    pub fn new() -> Self {
        todo!("the initial state")
    }

    /// True after the last chunk and the trailers.
    pub fn is_done(&self) -> bool {
        todo!("whether the body is complete")
    }

    /// Decodes `input` into `out`; returns how many input bytes it used
    /// (fewer than `input.len()` only when the body ended inside `input`).
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, ChunkError> {
        // TODO: decode as the module documentation says, going on from where
        // the previous call stopped; the data goes to `out`.
        let _ = (input, out);
        todo!("decode")
    }
}
