//! Exercise: chunked decoding.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Size,
    Data(u64),
    AfterData,
    Trailer,
    Done,
}

/// The decoder, keeping its state between calls to [`ChunkedDecoder::feed`].
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    state: State,
    line: Vec<u8>,
}

impl Default for ChunkedDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ChunkedDecoder {
    /// A decoder at the start of a body.
    pub fn new() -> Self {
        ChunkedDecoder {
            state: State::Size,
            line: Vec::new(),
        }
    }

    /// True after the last chunk and the trailers.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Decodes `input` into `out`; returns how many input bytes it used.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, ChunkError> {
        let mut i = 0;
        while i < input.len() && self.state != State::Done {
            if let State::Data(left) = self.state {
                let n = (input.len() - i).min(left as usize);
                out.extend_from_slice(&input[i..i + n]);
                i += n;
                self.state = if n as u64 == left {
                    State::AfterData
                } else {
                    State::Data(left - n as u64)
                };
                continue;
            }
            let byte = input[i];
            i += 1;
            if byte != b'\n' {
                if self.line.len() >= 4096 {
                    return Err(ChunkError::LineTooLong);
                }
                self.line.push(byte);
                continue;
            }
            let line = std::mem::take(&mut self.line);
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            self.state = match self.state {
                State::Size => match size(line)? {
                    0 => State::Trailer,
                    n => State::Data(n),
                },
                State::AfterData if line.is_empty() => State::Size,
                State::AfterData => return Err(ChunkError::MissingCrlf),
                _ if line.is_empty() => State::Done,
                _ => State::Trailer,
            };
        }
        Ok(i)
    }
}

fn size(line: &[u8]) -> Result<u64, ChunkError> {
    let hex = line.split(|&b| b == b';').next().unwrap_or(b"");
    // Only SP and HTAB may follow the digits (RFC 9112 §7.1's BWS before a
    // chunk extension); `str::trim_end` would also accept any Unicode space.
    let hex = std::str::from_utf8(hex)
        .map_err(|_| ChunkError::BadSize)?
        .trim_end_matches([' ', '\t']);
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ChunkError::BadSize);
    }
    u64::from_str_radix(hex, 16).map_err(|_| ChunkError::BadSize)
}
