//! Solution: the multi-line reply parser (RFC 5321 §4.2).

pub use crate::smtp::reply::{MAX_REPLY_LINE, Reply, ReplyError};

/// The first whole reply in `buf` and the bytes it used, or `None` if it
/// has not all arrived.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, ReplyError> {
    let mut used = 0;
    let mut code = None;
    let mut lines = Vec::new();
    while let Some(end) = buf[used..].iter().position(|&b| b == b'\n') {
        if end + 1 > MAX_REPLY_LINE {
            return Err(ReplyError::LineTooLong);
        }
        let raw = &buf[used..used + end];
        used += end + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let this = line_code(line)?;
        if let Some(first) = code
            && first != this
        {
            return Err(ReplyError::CodeChanged { first, then: this });
        }
        code = Some(this);
        lines.push(String::from_utf8_lossy(line.get(4..).unwrap_or_default()).into_owned());
        match line.get(3) {
            Some(b'-') => continue,
            None | Some(b' ') => return Ok(Some((Reply { code: this, lines }, used))),
            Some(_) => {
                let line = String::from_utf8_lossy(line).into_owned();
                return Err(ReplyError::BadSeparator { line });
            }
        }
    }
    // The line still arriving must not already be too long.
    if buf.len() - used >= MAX_REPLY_LINE {
        return Err(ReplyError::LineTooLong);
    }
    Ok(None)
}

/// The code at the start of `line`.
fn line_code(line: &[u8]) -> Result<u16, ReplyError> {
    match line.get(..3) {
        Some(&[a @ b'2'..=b'5', b, c]) if b.is_ascii_digit() && c.is_ascii_digit() => {
            Ok(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => Err(ReplyError::BadCode {
            line: String::from_utf8_lossy(line).into_owned(),
        }),
    }
}
