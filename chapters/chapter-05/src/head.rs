//! The request head (RFC 9112 §2–§5), parsed sans-I/O and incrementally.
//!
//! The seed's server read the request line and then one header per line,
//! trusting both. Here the head is parsed from whatever bytes have arrived:
//! [`parse_head`] answers [`Parse::Partial`] until the blank line that ends the
//! head is there, then [`Parse::Complete`] with the head and how many bytes it
//! used (the body, or the next pipelined request, starts after them). Every
//! limit is checked on partial input too, so a client that never sends the
//! blank line is cut off at [`Limits::max_head`] bytes, not at memory's end.
//!
//! Rules kept (RFC 9112): a bare LF ends a line as well as CRLF (§2.2);
//! an obsolete folded header line (starting with SP or HTAB) is joined to the
//! previous value with one space (§5.2); field values lose surrounding
//! whitespace (§5.1); a space before the colon is an error (§5.1).
//!
//! Framing fields are checked strictly, as both ends must agree on where a
//! message ends (a disagreement is how requests are smuggled):
//! [`content_length`] accepts only digits, and several fields only if they
//! say the same (RFC 9112 §6.3, RFC 9110 §8.6); more than one `Host` is an
//! error (RFC 9112 §3.2), checked by the server.
//!
//! Layout: [`Limits`], [`RequestHead`], [`Parse`], [`HeadError`], [`parse_head`],
//! [`parse_fields`] (shared with the client), [`next_line`], [`content_length`].

/// Caps on a request head. RFC 9112 sets no numbers; 8 KiB is the common
/// choice of servers (nginx, Apache) for the line and for the whole head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest request line; past it the answer is 414 URI Too Long.
    pub max_line: usize,
    /// Longest whole head; past it the answer is 431 Request Header Fields Too Large.
    pub max_head: usize,
    /// Most header fields.
    pub max_headers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line: 8192,
            max_head: 16384,
            max_headers: 100,
        }
    }
}

/// Header fields in order: name as sent, value trimmed.
pub type Fields = Vec<(String, Vec<u8>)>;

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, e.g. `GET` (case-sensitive, RFC 9110 §9.1).
    pub method: String,
    /// The request-target as sent (origin-form `/a?b` or absolute-form `http://h/a`).
    pub target: String,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Header fields in order, names as sent, values trimmed (folds joined).
    pub headers: Vec<(String, Vec<u8>)>,
}

impl RequestHead {
    /// The first value of header `name` (case-insensitive), as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    }

    /// Every value of header `name` (case-insensitive), in order; a value
    /// that is not UTF-8 comes out empty (so it is still counted).
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        (self.headers.iter())
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| std::str::from_utf8(v).unwrap_or(""))
    }

    // ANCHOR: keep_alive
    /// True when the connection stays open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `keep-alive`.
    pub fn keep_alive(&self) -> bool {
        let has = |token: &str| {
            self.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
                .filter_map(|(_, v)| std::str::from_utf8(v).ok())
                .flat_map(|v| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        };
        if self.minor >= 1 {
            !has("close")
        } else {
            has("keep-alive")
        }
    }
    // ANCHOR_END: keep_alive
}

/// The result of parsing the bytes received so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse {
    /// The head is not complete yet: read more and call again.
    Partial,
    /// The head, and how many bytes of the input it took.
    Complete(RequestHead, usize),
}

/// Why a head was refused, with the status code to answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    /// Malformed: 400 Bad Request.
    #[error("bad request: {0}")]
    Bad(&'static str),
    /// The request line is longer than [`Limits::max_line`]: 414.
    #[error("request line longer than the limit")]
    UriTooLong,
    /// The head is longer than [`Limits::max_head`] or has too many fields: 431.
    #[error("request header fields too large")]
    HeadersTooLarge,
    /// Not HTTP/1.x: 505.
    #[error("HTTP version not supported")]
    Version,
}

impl HeadError {
    /// The status code that answers this error.
    pub fn status(&self) -> u16 {
        match self {
            HeadError::Bad(_) => 400,
            HeadError::UriTooLong => 414,
            HeadError::HeadersTooLarge => 431,
            HeadError::Version => 505,
        }
    }
}

/// One line of `buf` from `start` (CRLF or bare LF): (line without its end, index after the end).
pub fn next_line(buf: &[u8], start: usize) -> Option<(&[u8], usize)> {
    let nl = buf[start..].iter().position(|&b| b == b'\n')? + start;
    let end = if nl > start && buf[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    Some((&buf[start..end], nl + 1))
}

/// A token character (RFC 9110 §5.6.2): what methods and field names are made of.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

// ANCHOR: parse_head
/// Parses the head at the start of `buf` (everything received so far).
pub fn parse_head(buf: &[u8], limits: &Limits) -> Result<Parse, HeadError> {
    // Tolerate empty lines before the request line (RFC 9112 §2.2).
    let mut start = 0;
    while let Some((b"", next)) = next_line(buf, start) {
        start = next;
        if start > limits.max_line {
            return Err(HeadError::Bad("too many empty lines"));
        }
    }
    let Some((line, pos)) = next_line(buf, start) else {
        // A final CR may be the start of the line's end: it counts against
        // the cap no more than it will once the LF arrives.
        let pending = &buf[start..];
        let text = pending.len() - usize::from(pending.ends_with(b"\r"));
        return match text > limits.max_line {
            true => Err(HeadError::UriTooLong),
            false => Ok(Parse::Partial),
        };
    };
    if line.len() > limits.max_line {
        return Err(HeadError::UriTooLong);
    }
    let (method, target, minor) = request_line(line)?;
    match parse_fields(buf, pos, limits)? {
        None => Ok(Parse::Partial),
        Some((headers, used)) => {
            let head = RequestHead {
                method,
                target,
                minor,
                headers,
            };
            Ok(Parse::Complete(head, used))
        }
    }
}
// ANCHOR_END: parse_head

/// Parses field lines from `buf[pos..]` up to the blank line: the fields and
/// the index after the blank line, or `None` when it has not arrived yet.
/// Shared by requests and (in [`crate::client`]) responses.
pub fn parse_fields(
    buf: &[u8],
    mut pos: usize,
    limits: &Limits,
) -> Result<Option<(Fields, usize)>, HeadError> {
    let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
    loop {
        let Some((line, next)) = next_line(buf, pos) else {
            return match buf.len() > limits.max_head {
                true => Err(HeadError::HeadersTooLarge),
                false => Ok(None),
            };
        };
        if next > limits.max_head {
            return Err(HeadError::HeadersTooLarge);
        }
        pos = next;
        if line.is_empty() {
            return Ok(Some((headers, pos)));
        }
        field_line(line, &mut headers)?;
        if headers.len() > limits.max_headers {
            return Err(HeadError::HeadersTooLarge);
        }
    }
}

/// `METHOD SP target SP HTTP/1.x` (RFC 9112 §3).
fn request_line(line: &[u8]) -> Result<(String, String, u8), HeadError> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Bad("request line is not METHOD TARGET VERSION"));
    };
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(HeadError::Bad("method is not a token"));
    }
    if target.is_empty() || !target.iter().all(|&b| b.is_ascii_graphic()) {
        return Err(HeadError::Bad("request-target has a forbidden byte"));
    }
    let minor = match version {
        b"HTTP/1.1" => 1,
        b"HTTP/1.0" => 0,
        v if v.len() == 8 && v.starts_with(b"HTTP/") && v[5].is_ascii_digit() => {
            return Err(HeadError::Version);
        }
        _ => return Err(HeadError::Bad("version is not HTTP/x.y")),
    };
    // Every byte was checked to be ASCII above, so these cannot fail.
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Ok((text(method), text(target), minor))
}

// ANCHOR: obs_fold
/// One field line, or an obsolete fold continuing the previous one (§5.2).
fn field_line(line: &[u8], headers: &mut Vec<(String, Vec<u8>)>) -> Result<(), HeadError> {
    if line[0] == b' ' || line[0] == b'\t' {
        let Some((_, value)) = headers.last_mut() else {
            return Err(HeadError::Bad("folded line before any field"));
        };
        let more = trim(line);
        check_value(more)?;
        if !more.is_empty() {
            if !value.is_empty() {
                value.push(b' ');
            }
            value.extend_from_slice(more);
        }
        return Ok(());
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(HeadError::Bad("field line without a colon"))?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return Err(HeadError::Bad("field name is not a token"));
    }
    let value = trim(&line[colon + 1..]);
    check_value(value)?;
    headers.push((String::from_utf8_lossy(name).into_owned(), value.to_vec()));
    Ok(())
}
// ANCHOR_END: obs_fold

/// Field values may hold visible bytes, SP, HTAB and obs-text (§5.5), never CR, LF or NUL.
fn check_value(value: &[u8]) -> Result<(), HeadError> {
    match value.iter().all(|&b| b == b'\t' || b >= 0x20 && b != 0x7f) {
        true => Ok(()),
        false => Err(HeadError::Bad("field value has a control byte")),
    }
}

/// `bytes` without leading and trailing SP and HTAB.
fn trim(bytes: &[u8]) -> &[u8] {
    let ws = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !ws(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !ws(b)).map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// The length the `Content-Length` field values say (`None`: there is none).
/// Each must be digits only (RFC 9110 §8.6: no sign, no spaces inside); a
/// list or repeated fields must all say the same number (RFC 9112 §6.3);
/// anything else is an error, never a guess.
pub fn content_length<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> Result<Option<u64>, HeadError> {
    let mut found = None;
    for item in values.into_iter().flat_map(|v| v.split(',')) {
        let item = item.trim_matches([' ', '\t']);
        if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
            return Err(HeadError::Bad("Content-Length is not a number"));
        }
        let n = item
            .parse()
            .map_err(|_| HeadError::Bad("Content-Length is too large"))?;
        if found.is_some_and(|m| m != n) {
            return Err(HeadError::Bad("two different Content-Length values"));
        }
        found = Some(n);
    }
    Ok(found)
}
