//! Showing two byte strings that should be equal, with a caret under the
//! first byte where they part ways.
//!
//! Text is shown with visible escapes (`\r`, `\n`, `\x00`), so a bare LF and a
//! CRLF look different; binary data is shown as a hex+ASCII dump. Long inputs
//! are cut to a window around the difference so the caret stays readable.

use std::fmt::Write as _;

/// How many bytes of context to show before the first difference.
const BEFORE: usize = 32;
/// How many bytes to show after the first difference.
const AFTER: usize = 32;

/// The index of the first byte where `a` and `b` differ, counting the end of
/// the shorter one as a difference; `None` when they are equal.
pub fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (common < a.len().max(b.len())).then_some(common)
}

/// Renders one byte with the transcript format's escapes (`\r`, `\x00`).
pub fn escape_byte(byte: u8) -> String {
    escape(&[byte])
}

/// Renders bytes with visible escapes, e.g. `hello\r\n`: the transcript
/// format's quoting ([`crate::transcript::text::quote`]) without the quotes.
pub fn escape(bytes: &[u8]) -> String {
    let quoted = crate::transcript::text::quote(bytes);
    quoted[1..quoted.len() - 1].to_string()
}

/// Whether bytes are better shown as a hex dump than as escaped text:
/// not UTF-8, or full of control characters other than tab, CR and LF.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f)
        .count();
    std::str::from_utf8(bytes).is_err() || controls * 8 > bytes.len().max(1)
}

/// Describes one side's byte at `at`, or the end of the data.
fn describe_at(bytes: &[u8], at: usize) -> String {
    match bytes.get(at) {
        Some(&b) => format!("'{}' (0x{b:02x})", escape_byte(b)),
        None => "the end of the data".into(),
    }
}

/// Line and column (1-based) of byte `at` in `bytes`.
fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, col)
}

/// The headline: sizes, where the difference is, and what each side has there.
fn headline(expected: &[u8], actual: &[u8], at: usize, binary: bool) -> String {
    let place = if binary {
        format!("offset 0x{at:x}")
    } else {
        let (line, col) = line_col(expected, at);
        format!("line {line}, column {col}")
    };
    format!(
        "expected {} bytes, got {} bytes; first difference at byte {at} ({place}): expected {}, got {}",
        expected.len(),
        actual.len(),
        describe_at(expected, at),
        describe_at(actual, at),
    )
}

/// Shows both sides as escaped text in a window around `at`, caret underneath.
fn text_window(expected: &[u8], actual: &[u8], at: usize) -> String {
    // Cutting off just a few bytes would hide more than it saves.
    let start = if at > BEFORE + 8 { at - BEFORE } else { 0 };
    let show = |bytes: &[u8]| {
        let end = bytes.len().min(at + AFTER);
        let cut_head = if start > 0 { "…" } else { "" };
        let cut_tail = if end < bytes.len() { "…" } else { "" };
        format!(
            "{cut_head}\"{}\"{cut_tail}",
            escape(&bytes[start.min(bytes.len())..end])
        )
    };
    // Both sides agree before `at`, so the caret column is the same for both.
    let lead = usize::from(start > 0) + 1 + escape(&expected[start..at]).chars().count();
    let mut out = String::new();
    let _ = writeln!(out, "  expected: {}", show(expected));
    let _ = writeln!(out, "  actual:   {}", show(actual));
    let _ = write!(out, "            {}^", " ".repeat(lead));
    out
}

/// One hex+ASCII dump row of up to 16 bytes starting at `offset`.
fn hex_row(bytes: &[u8], offset: usize) -> String {
    let row = &bytes[offset..bytes.len().min(offset + 16)];
    let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
    let ascii: String = row
        .iter()
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            }
        })
        .collect();
    format!("{offset:08x}  {:<47}  |{ascii}|", hex.join(" "))
}

/// The caret line under a hex row: marks the hex pair and the ASCII column.
fn hex_caret(at: usize) -> String {
    let col = at % 16;
    let hex = 10 + col * 3;
    let ascii = 10 + 47 + 3 + col;
    format!("{}^^{}^", " ".repeat(hex), " ".repeat(ascii - hex - 2))
}

/// Shows both sides as hex dumps: the row before, the differing row (with a
/// caret), and the row after.
fn hex_window(expected: &[u8], actual: &[u8], at: usize) -> String {
    let row_of_diff = at / 16 * 16;
    let mut out = String::new();
    for (name, bytes) in [("expected", expected), ("actual", actual)] {
        let _ = writeln!(out, "  {name}:");
        let first = row_of_diff.saturating_sub(16);
        for offset in (first..=row_of_diff + 16).step_by(16) {
            if offset < bytes.len() || (offset == row_of_diff && offset == bytes.len()) {
                let _ = writeln!(out, "    {}", hex_row(bytes, offset));
            }
            if offset == row_of_diff {
                let _ = writeln!(out, "    {}", hex_caret(at));
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Renders expected vs actual bytes: a headline saying where they differ,
/// then both sides (escaped text, or hex+ASCII when binary) with a caret under
/// the first differing byte. Returns `"the bytes are equal"` when they are.
pub fn bytes_mismatch(expected: &[u8], actual: &[u8]) -> String {
    let Some(at) = first_difference(expected, actual) else {
        return format!("the bytes are equal ({} bytes)", expected.len());
    };
    let binary = looks_binary(expected) || looks_binary(actual);
    let body = if binary {
        hex_window(expected, actual, at)
    } else {
        text_window(expected, actual, at)
    };
    format!("{}\n{body}", headline(expected, actual, at, binary))
}
