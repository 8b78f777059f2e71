//! The reader's tokens: whitespace and comments, string literals (quoted and
//! long-bracket), numerals, names. A [`Cursor`] walks the input bytes; every
//! method either advances past what it recognised or returns a
//! [`ReadError`] at the offending byte, and never indexes out of bounds.
//!
//! Layout: [`Cursor`] with `skip_space`, `string`, `long_bracket`,
//! `numeral`, `name`.

use super::error::{ReadError, ReadErrorKind};

/// A position in the input.
#[derive(Debug)]
pub struct Cursor<'a> {
    /// The whole input.
    pub input: &'a [u8],
    /// The next byte to read.
    pub pos: usize,
}

/// A numeral as read: an integer or a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Numeral {
    /// No `.` and no exponent.
    Int(i64),
    /// With a `.` or an exponent.
    Float(f64),
}

impl<'a> Cursor<'a> {
    /// The byte at `pos + ahead`, if any.
    pub fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.input.get(self.pos + ahead).copied()
    }

    /// The next byte, if any.
    pub fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    /// An error at the current position.
    pub fn error(&self, kind: ReadErrorKind) -> ReadError {
        ReadError::at(self.input, self.pos, kind)
    }

    /// An "expected X, found Y" error describing the next byte.
    pub fn unexpected(&self, expected: &'static str) -> ReadError {
        let found = match self.peek() {
            None => "end of input".to_string(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", b as char),
            Some(b) => format!("byte 0x{b:02x}"),
        };
        self.error(ReadErrorKind::Unexpected { expected, found })
    }

    /// Skips whitespace and comments (`-- line`, `--[[ long ]]`).
    pub fn skip_space(&mut self) -> Result<(), ReadError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c) => self.pos += 1,
                Some(b'-') if self.peek_at(1) == Some(b'-') => {
                    self.pos += 2;
                    if self.long_bracket_level().is_some() {
                        let start = self.pos;
                        self.long_bracket().map_err(|_| {
                            ReadError::at(self.input, start, ReadErrorKind::UnfinishedComment)
                        })?;
                    } else {
                        while self.peek().is_some_and(|b| b != b'\n') {
                            self.pos += 1;
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// If a long bracket `[[` or `[==[` starts here, its level (count of `=`).
    pub fn long_bracket_level(&self) -> Option<usize> {
        if self.peek() != Some(b'[') {
            return None;
        }
        let level = self.input[self.pos + 1..]
            .iter()
            .take_while(|&&b| b == b'=')
            .count();
        (self.peek_at(1 + level) == Some(b'[')).then_some(level)
    }

    /// Reads a long-bracket string; its first newline is dropped, as Lua does.
    pub fn long_bracket(&mut self) -> Result<Vec<u8>, ReadError> {
        let level = self.long_bracket_level().unwrap_or(0);
        let start = self.pos;
        self.pos += level + 2;
        match (self.peek(), self.peek_at(1)) {
            (Some(b'\r'), Some(b'\n')) | (Some(b'\n'), Some(b'\r')) => self.pos += 2,
            (Some(b'\r' | b'\n'), _) => self.pos += 1,
            _ => {}
        }
        let close: Vec<u8> = [b"]".as_slice(), &vec![b'='; level], b"]"].concat();
        let body = &self.input[self.pos..];
        match body
            .windows(close.len())
            .position(|w| w == close.as_slice())
        {
            Some(end) => {
                self.pos += end + close.len();
                Ok(body[..end].to_vec())
            }
            None => Err(ReadError::at(
                self.input,
                start,
                ReadErrorKind::UnfinishedString,
            )),
        }
    }

    /// Reads a quoted string (`"..."` or `'...'`) with Lua's escapes.
    pub fn string(&mut self) -> Result<Vec<u8>, ReadError> {
        let (start, quote) = (self.pos, self.input[self.pos]);
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r') => {
                    return Err(ReadError::at(
                        self.input,
                        start,
                        ReadErrorKind::UnfinishedString,
                    ));
                }
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(b) => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    /// One escape after a backslash (Lua 5.1's, plus 5.2's `\x` and `\z`).
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), ReadError> {
        let at = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(ReadError::at(
                self.input,
                at,
                ReadErrorKind::UnfinishedString,
            ));
        };
        self.pos += 1;
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' | b'\n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' | b'"' | b'\'' => Some(c),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            return Ok(());
        }
        let bad = |s: &Self| {
            let text = String::from_utf8_lossy(&s.input[at..s.pos.min(s.input.len())]).into_owned();
            ReadError::at(s.input, at, ReadErrorKind::BadEscape(text))
        };
        match c {
            b'0'..=b'9' => {
                let mut n = u32::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'9') => {
                            n = n * 10 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(n).map_err(|_| bad(self))?);
            }
            b'x' => {
                let hex = self
                    .input
                    .get(self.pos..self.pos + 2)
                    .ok_or_else(|| bad(self))?;
                let text = std::str::from_utf8(hex).map_err(|_| bad(self))?;
                self.pos += 2;
                out.push(u8::from_str_radix(text, 16).map_err(|_| bad(self))?);
            }
            b'z' => {
                while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                    self.pos += 1;
                }
            }
            _ => return Err(bad(self)),
        }
        Ok(())
    }

    /// Reads a name (`[A-Za-z_][A-Za-z0-9_]*`); empty if none starts here.
    pub fn name(&mut self) -> &'a str {
        let start = self.pos;
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            while self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                self.pos += 1;
            }
        }
        // ASCII only, so always valid UTF-8.
        std::str::from_utf8(&self.input[start..self.pos]).unwrap_or_default()
    }

    /// Reads a numeral, `negative` when a `-` came before it.
    pub fn numeral(&mut self, negative: bool) -> Result<Numeral, ReadError> {
        let start = self.pos;
        let hex = self.peek() == Some(b'0') && matches!(self.peek_at(1), Some(b'x' | b'X'));
        let body_start = if hex { start + 2 } else { start };
        self.pos = body_start;
        let mut float = false;
        while let Some(b) = self.peek() {
            let exponent_sign = !hex
                && self.pos > body_start
                && matches!(b, b'+' | b'-')
                && matches!(self.input[self.pos - 1], b'e' | b'E');
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent_sign {
                float |= !hex && matches!(b, b'.' | b'e' | b'E');
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = std::str::from_utf8(&self.input[body_start..self.pos]).unwrap_or_default();
        let shown = String::from_utf8_lossy(&self.input[start..self.pos]).into_owned();
        let err = |kind| ReadError::at(self.input, start, kind);
        let sign = if negative { "-" } else { "" };
        if hex {
            let n = i64::from_str_radix(&format!("{sign}{text}"), 16)
                .map_err(|e| number_error(e.kind(), &shown))
                .map_err(err)?;
            return Ok(Numeral::Int(n));
        }
        if float {
            let plain = text
                .bytes()
                .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b));
            let f: f64 = format!("{sign}{text}")
                .parse()
                .ok()
                .filter(|_| plain && text.bytes().any(|b| b.is_ascii_digit()))
                .ok_or_else(|| err(ReadErrorKind::BadNumber(shown.clone())))?;
            return Ok(Numeral::Float(f));
        }
        format!("{sign}{text}")
            .parse()
            .map(Numeral::Int)
            .map_err(|e: std::num::ParseIntError| err(number_error(e.kind(), &shown)))
    }
}

/// Out of range vs malformed, from an integer parse error.
fn number_error(kind: &std::num::IntErrorKind, shown: &str) -> ReadErrorKind {
    use std::num::IntErrorKind::{NegOverflow, PosOverflow};
    match kind {
        PosOverflow | NegOverflow => ReadErrorKind::NumberOutOfRange(shown.into()),
        _ => ReadErrorKind::BadNumber(shown.into()),
    }
}
