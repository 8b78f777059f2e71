//! The chunked transfer coding (RFC 9112 §7.1), decoded sans-I/O.
//!
//! A chunked body is a series of `SIZE-IN-HEX [;ext] CRLF DATA CRLF`, ended
//! by a zero-size chunk, optional trailer fields and a blank line. It lets a
//! sender start a body before it knows the length. [`Decoder::feed`] takes
//! whatever bytes arrived, appends the data it finds to `out`, and says how
//! many input bytes it used; the state carries over between calls, so the
//! split of the input never matters.
//!
//! Layout: [`ChunkError`], [`Decoder`], [`encode`].

/// Longest size line (with extensions) or trailer line we accept.
pub const MAX_LINE: usize = 4096;

/// A malformed chunked body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    /// The size line is not hex digits (optionally followed by `;ext`).
    #[error("bad chunk size line")]
    BadSize,
    /// The size does not fit in 64 bits.
    #[error("chunk size too large")]
    TooLarge,
    /// A size or trailer line is longer than [`MAX_LINE`].
    #[error("chunk line too long")]
    LineTooLong,
    /// The data of a chunk is not followed by CRLF.
    #[error("chunk data not followed by CRLF")]
    MissingCrlf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Size,
    Data(u64),
    DataEnd,
    Trailer,
    Done,
}

/// The decoder's state between calls.
#[derive(Debug, Clone)]
pub struct Decoder {
    state: State,
    line: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            state: State::Size,
            line: Vec::new(),
        }
    }
}

impl Decoder {
    /// A decoder at the start of a chunked body.
    pub fn new() -> Self {
        Decoder::default()
    }

    /// True once the last chunk and the trailer section have been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    // ANCHOR: feed
    /// Decodes from `input`, appending data to `out`; returns the bytes used
    /// (less than `input.len()` only once done: the rest is not the body's).
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, ChunkError> {
        let mut pos = 0;
        while pos < input.len() && self.state != State::Done {
            pos += match self.state {
                State::Data(left) => {
                    let n = (input.len() - pos).min(left as usize);
                    out.extend_from_slice(&input[pos..pos + n]);
                    self.state = match left - n as u64 {
                        0 => State::DataEnd,
                        more => State::Data(more),
                    };
                    n
                }
                _ => self.line_byte(input[pos])?,
            };
        }
        Ok(pos)
    }
    // ANCHOR_END: feed

    /// Collects one byte of a line; acts on the line at its LF.
    fn line_byte(&mut self, byte: u8) -> Result<usize, ChunkError> {
        // After data only CRLF may come: fail at the first other byte, not at
        // a line end that may never arrive.
        let crlf_so_far = self.line.is_empty() && byte == b'\r';
        if self.state == State::DataEnd && byte != b'\n' && !crlf_so_far {
            return Err(ChunkError::MissingCrlf);
        }
        if byte != b'\n' {
            if self.line.len() >= MAX_LINE {
                return Err(ChunkError::LineTooLong);
            }
            self.line.push(byte);
            return Ok(1);
        }
        let mut line = std::mem::take(&mut self.line);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        self.state = match self.state {
            State::Size => match parse_size(&line)? {
                0 => State::Trailer,
                n => State::Data(n),
            },
            State::DataEnd if line.is_empty() => State::Size,
            State::DataEnd => return Err(ChunkError::MissingCrlf),
            State::Trailer if line.is_empty() => State::Done,
            // A trailer field: read and dropped (we keep none of them).
            _ => State::Trailer,
        };
        Ok(1)
    }
}

/// The hex size before any `;extension` (RFC 9112 §7.1.1).
fn parse_size(line: &[u8]) -> Result<u64, ChunkError> {
    let end = line.iter().position(|&b| b == b';').unwrap_or(line.len());
    // Only SP and HTAB (BWS) may come before an extension; a stray CR or
    // form feed is not white space here.
    let hex = match line[..end].iter().rposition(|&b| b != b' ' && b != b'\t') {
        Some(last) => &line[..=last],
        None => &line[..0],
    };
    if hex.is_empty() || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(ChunkError::BadSize);
    }
    let mut n: u64 = 0;
    for &b in hex {
        let digit = (b as char).to_digit(16).unwrap_or(0) as u64;
        n = n
            .checked_mul(16)
            .and_then(|n| n.checked_add(digit))
            .ok_or(ChunkError::TooLarge)?;
    }
    Ok(n)
}

/// `body` as one chunk per piece of `pieces` sizes, then the last chunk.
pub fn encode(pieces: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        out.extend_from_slice(piece);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}
