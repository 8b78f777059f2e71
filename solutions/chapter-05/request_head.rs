//! Exercise: an incremental request-head parser (sans-I/O, capped).
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

/// Longest request line (414 beyond).
pub const MAX_LINE: usize = 8192;
/// Longest head (431 beyond).
pub const MAX_HEAD: usize = 16384;

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The method.
    pub method: String,
    /// The request-target.
    pub target: String,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    /// Fields in order, values trimmed, folded lines joined with one space.
    pub headers: Vec<(String, String)>,
}

/// Why a head is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400.
    BadRequest,
    /// 414.
    UriTooLong,
    /// 431.
    HeadersTooLarge,
}

/// Parses the head at the start of `buf`: `Ok(None)` while incomplete,
/// `Ok(Some((head, bytes used)))` once the blank line arrived.
pub fn parse_request_head(buf: &[u8]) -> Result<Option<(Head, usize)>, Refusal> {
    let mut lines = Lines { buf, pos: 0 };
    let Some(first) = lines.next() else {
        // A final CR counts no more than it will once its LF arrives.
        return if buf.len() - usize::from(buf.ends_with(b"\r")) > MAX_LINE {
            Err(Refusal::UriTooLong)
        } else {
            Ok(None)
        };
    };
    if first.len() > MAX_LINE {
        return Err(Refusal::UriTooLong);
    }
    let (method, target, version) = request_line(first)?;
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let Some(line) = lines.next() else {
            return if buf.len() > MAX_HEAD {
                Err(Refusal::HeadersTooLarge)
            } else {
                Ok(None)
            };
        };
        if lines.pos > MAX_HEAD {
            return Err(Refusal::HeadersTooLarge);
        }
        if line.is_empty() {
            return Ok(Some((
                Head {
                    method,
                    target,
                    version,
                    headers,
                },
                lines.pos,
            )));
        }
        let text = std::str::from_utf8(line).map_err(|_| Refusal::BadRequest)?;
        if text.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().ok_or(Refusal::BadRequest)?;
            let more = text.trim_matches([' ', '\t']);
            // A fold is one space (RFC 9112 §5.2); after an empty value
            // there is nothing for it to separate.
            if !more.is_empty() {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(more);
            }
            continue;
        }
        let (name, value) = text.split_once(':').ok_or(Refusal::BadRequest)?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(Refusal::BadRequest);
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
}

fn request_line(line: &[u8]) -> Result<(String, String, String), Refusal> {
    let text = std::str::from_utf8(line).map_err(|_| Refusal::BadRequest)?;
    let parts: Vec<&str> = text.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(Refusal::BadRequest);
    };
    if method.is_empty() || target.is_empty() || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(Refusal::BadRequest);
    }
    Ok((method.into(), target.into(), version.into()))
}

/// Lines ending in CRLF or LF; `None` when no complete line is left.
struct Lines<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = &self.buf[self.pos..];
        let nl = rest.iter().position(|&b| b == b'\n')?;
        self.pos += nl + 1;
        Some(rest[..nl].strip_suffix(b"\r").unwrap_or(&rest[..nl]))
    }
}
