//! The transcript text format: one header line per key, one line per event.
//!
//! ```text
//! # peer: echo
//! # seed: 42
//! 1 open "client-1"
//! 1 C> "EHLO x\r\n"
//! 1 S> "250 ok\r\n"
//! 1 C| half-close
//! 1 S| close
//! - note "stopped"
//! ```
//!
//! Quoted strings use Python bytes-literal escapes (`\r \n \t \\ \"`, `\xHH`
//! for every other byte outside printable ASCII), so a Python reader can decode
//! one with `ast.literal_eval("b" + quoted)`. `fixtures/reference/README.md`
//! is the full description for other languages.

use anyhow::{Context, bail};

use super::{Event, Side, Transcript};

/// Renders a transcript as text (no redaction: see [`Transcript::render`]).
pub fn render(t: &Transcript) -> String {
    let mut out = String::new();
    for (k, v) in &t.header {
        out.push_str(&format!("# {}: {}\n", one_line(k), one_line(v)));
    }
    for e in &t.events {
        out.push_str(&event_line(e));
        out.push('\n');
    }
    out
}

/// Renders one event as a line without its line ending.
pub fn event_line(e: &Event) -> String {
    let conn = match e.conn() {
        Some(c) => c.to_string(),
        None => "-".to_string(),
    };
    let rest = match e {
        Event::Open { label, .. } => format!("open {}", quote(label.as_bytes())),
        Event::Data { from, bytes, .. } => format!("{}> {}", from.letter(), quote(bytes)),
        Event::HalfClose { from, .. } => format!("{}| half-close", from.letter()),
        Event::Close { from, .. } => format!("{}| close", from.letter()),
        Event::Reset { from, .. } => format!("{}| reset", from.letter()),
        Event::Timeout { from, .. } => format!("{}| timeout", from.letter()),
        Event::Note { text, .. } => format!("note {}", quote(text.as_bytes())),
    };
    format!("{conn} {rest}")
}

/// Header keys and values are single lines: control characters become spaces.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Quotes bytes with Python bytes-literal escapes.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\x");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out.push('"');
    out
}

/// The most of a user's or peer's text an error message quotes.
pub const QUOTED_CHARS: usize = 120;

/// `text` as Rust quotes it (`"a\tb"`), cut after [`QUOTED_CHARS`]
/// characters with `…`: enough to find the line, and a multi-megabyte line
/// costs no second to escape nor a screenful to print.
pub fn quoted_start(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{:?}…", &text[..at]),
        None => format!("{text:?}"),
    }
}

/// Decodes a quoted string produced by [`quote`]; returns the bytes.
pub fn unquote(s: &str) -> anyhow::Result<Vec<u8>> {
    let inner = s
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .context("expected a double-quoted string")?;
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b != b'\\' {
            if b == b'"' {
                bail!("unescaped quote inside string");
            }
            out.push(b);
            continue;
        }
        let esc = *bytes.get(i).context("string ends in a backslash")?;
        i += 1;
        out.push(match esc {
            b'r' => b'\r',
            b'n' => b'\n',
            b't' => b'\t',
            b'\\' => b'\\',
            b'"' => b'"',
            b'x' => {
                let hex = inner.get(i..i + 2).context("\\x needs two hex digits")?;
                i += 2;
                u8::from_str_radix(hex, 16).context("bad \\x escape")?
            }
            other => bail!("unknown escape \\{}", other as char),
        });
    }
    Ok(out)
}

/// Parses the text format.
pub fn parse(text: &str) -> anyhow::Result<Transcript> {
    let mut t = Transcript::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("# ") {
            let (k, v) = h.split_once(": ").unwrap_or((h.trim_end_matches(':'), ""));
            t.header.push((k.to_string(), v.to_string()));
            continue;
        }
        let event = parse_event(line)
            .with_context(|| format!("transcript line {}: {}", n + 1, quoted_start(line)))?;
        t.events.push(event);
    }
    Ok(t)
}

/// Parses one event line of the text format (`3 C> "PASS <secret>\r\n"`),
/// as [`event_line`] writes it.
pub fn parse_event(line: &str) -> anyhow::Result<Event> {
    let (conn, rest) = line.split_once(' ').context("expected `<conn> <event>`")?;
    let conn_no: Option<u32> = match conn {
        "-" => None,
        c => Some(c.parse().context("connection must be a number or `-`")?),
    };
    if let Some(q) = rest.strip_prefix("note ") {
        let text = String::from_utf8(unquote(q)?).context("note is not UTF-8")?;
        return Ok(Event::Note {
            conn: conn_no,
            text,
        });
    }
    let conn = conn_no.context("only notes may use `-` as connection")?;
    if let Some(q) = rest.strip_prefix("open ") {
        let label = String::from_utf8(unquote(q)?).context("label is not UTF-8")?;
        return Ok(Event::Open { conn, label });
    }
    let from = match rest.get(..1) {
        Some("C") => Side::Client,
        Some("S") => Side::Server,
        _ => bail!("expected `open`, `note`, `C` or `S`"),
    };
    match rest.get(1..) {
        Some(d) if d.starts_with("> ") => Ok(Event::Data {
            conn,
            from,
            bytes: unquote(&d[2..])?,
        }),
        Some("| half-close") => Ok(Event::HalfClose { conn, from }),
        Some("| close") => Ok(Event::Close { conn, from }),
        Some("| reset") => Ok(Event::Reset { conn, from }),
        Some("| timeout") => Ok(Event::Timeout { conn, from }),
        _ => bail!("unknown event"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_start_keeps_short_text_and_cuts_long_text_on_a_char() {
        assert_eq!(quoted_start("a\tb"), r#""a\tb""#);
        let long = "é".repeat(QUOTED_CHARS + 5);
        let cut = quoted_start(&long);
        assert_eq!(cut, format!("{:?}…", "é".repeat(QUOTED_CHARS)));
    }
}
