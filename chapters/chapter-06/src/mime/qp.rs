//! Quoted-printable (RFC 2045 §6.7) as chunk-safe filters.
//!
//! Printable ASCII passes as it is; every other byte, and `=` itself, becomes
//! `=` plus two upper-case hex digits. A space or tab just before a line break
//! is quoted too, because mail transports may strip trailing white space. The
//! encoder therefore holds back up to two bytes (a space and a CR) until it
//! knows whether a CRLF follows. Soft line breaks at 76 columns are the job of
//! the separate [`QpWrap`](super::QpWrap) filter, as in LuaSocket.
//!
//! Layout: [`QpMode`], [`QpEncoder`] (LuaSocket `mime.encode("quoted-printable")`,
//! byte for byte). The decoder is in [`qp_decode`](super::qp_decode).

use super::scan;
use crate::ltn12::{Filter, FilterError};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// How the encoder treats line breaks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum QpMode {
    /// Text: a CRLF in the input is a line break and stays a CRLF. Any other
    /// CR or LF is quoted, so normalize line ends to CRLF first.
    #[default]
    Text,
    /// Binary: CRLF is data too and is written as `=0D=0A`.
    Binary,
}

/// The class of an input byte for the encoder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Quoted,
    /// Space or tab: quoted only when last on a line.
    IfLast,
    /// CR: maybe the start of a CRLF.
    Cr,
}

const fn classify(byte: u8) -> Class {
    match byte {
        b'\r' => Class::Cr,
        b' ' | b'\t' => Class::IfLast,
        // 33..=126 except `=` (61), RFC 2045 §6.7 rule (2).
        33..=60 | 62..=126 => Class::Plain,
        _ => Class::Quoted,
    }
}

// One lookup per byte on the hot path.
const CLASSES: [Class; 256] = {
    let mut t = [Class::Quoted; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = classify(i as u8);
        i += 1;
    }
    t
};

// Bytes that are written unchanged unless they end a line: plain, space, tab.
const SAFE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(CLASSES[i], Class::Plain | Class::IfLast);
        i += 1;
    }
    t
};

/// Whether a word may hold a byte that is not [`SAFE`]: 0x7F and above,
/// control bytes (a tab is safe, and is sorted out byte by byte), or `=`.
fn maybe_unsafe(word: u64) -> bool {
    scan::has_high(word)
        || scan::has_byte(word, 0x7F)
        || scan::has_less(word, 0x20)
        || scan::has_byte(word, b'=')
}

fn class(byte: u8) -> Class {
    CLASSES[usize::from(byte)]
}

fn quote(byte: u8, out: &mut Vec<u8>) {
    out.extend_from_slice(&[
        b'=',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 15)],
    ]);
}

// ANCHOR: qp_encoder
/// The quoted-printable encoding filter, without soft line breaks.
#[derive(Debug, Default, Clone)]
pub struct QpEncoder {
    mode: QpMode,
    atom: [u8; 3],
    held: usize,
}

impl QpEncoder {
    /// An encoder in the given mode.
    pub fn new(mode: QpMode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }

    fn line_break(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(match self.mode {
            QpMode::Text => b"\r\n",
            QpMode::Binary => b"=0D=0A",
        });
    }

    /// Adds one byte, then emits every held byte whose fate is now known.
    fn byte(&mut self, byte: u8, out: &mut Vec<u8>) {
        self.atom[self.held] = byte;
        self.held += 1;
        while self.held > 0 {
            let first = self.atom[0];
            match class(first) {
                Class::Cr if self.held < 2 => return,
                Class::Cr if self.atom[1] == b'\n' => {
                    self.line_break(out);
                    self.held = 0;
                    return;
                }
                Class::IfLast if self.held < 3 => return,
                Class::IfLast if self.atom[1..] == *b"\r\n" => {
                    quote(first, out);
                    self.line_break(out);
                    self.held = 0;
                    return;
                }
                Class::IfLast | Class::Plain => out.push(first),
                Class::Cr | Class::Quoted => quote(first, out),
            }
            self.atom.rotate_left(1);
            self.held -= 1;
        }
    }

    /// At the end: emit what is held, quoting all but plain bytes, then a soft
    /// line break (LuaSocket does the same, so the output ends cleanly).
    fn pad(&mut self, out: &mut Vec<u8>) {
        for &byte in &self.atom[..self.held] {
            match class(byte) {
                Class::Plain => out.push(byte),
                _ => quote(byte, out),
            }
        }
        if self.held > 0 {
            out.extend_from_slice(b"=\r\n");
        }
        self.held = 0;
    }
}

impl Filter for QpEncoder {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(data) = chunk else {
            self.pad(out);
            return Ok(());
        };
        // At most 3 output bytes per input byte (6 for a CRLF in binary mode,
        // which takes 2 input bytes).
        out.reserve(data.len() * 3 + 8);
        let mut i = self.settle(data, out);
        while let Some(&byte) = data.get(i) {
            if self.held == 0 {
                let run = match class(byte) {
                    Class::IfLast => white_run(&data[i..]),
                    _ => safe_run(&data[i..]),
                };
                out.extend_from_slice(&data[i..i + run]);
                i += run;
                if run > 0 {
                    continue;
                }
            }
            // Fast path: nothing held, and the bytes that decide this one's
            // fate are in this chunk. Same output as `byte`, without the queue.
            let next = |k: usize| data.get(i + k).copied();
            let step = match (self.held, class(byte)) {
                (0, Class::Plain) => self.emit(byte, false, 0, out),
                (0, Class::Quoted) => self.emit(byte, true, 0, out),
                (0, Class::Cr) if next(1) == Some(b'\n') => self.emit(byte, false, 2, out),
                (0, Class::Cr) if next(1).is_some() => self.emit(byte, true, 0, out),
                (0, Class::IfLast) if next(2).is_some() => {
                    let last = next(1) == Some(b'\r') && next(2) == Some(b'\n');
                    self.emit(byte, last, if last { 3 } else { 0 }, out)
                }
                _ => {
                    self.byte(byte, out);
                    1
                }
            };
            i += step;
        }
        Ok(())
    }
}

/// Fastest path: the length of the prefix of `data` that is copied as it
/// is: plain bytes, spaces and tabs. A space or tab needs the two bytes after
/// it to be known (are they CRLF?), so the run never includes the last two
/// bytes of the chunk, nor a space or tab at its end; the per-byte paths
/// decide those.
fn safe_run(data: &[u8]) -> usize {
    let limit = data.len().saturating_sub(2);
    let mut run =
        scan::position(&data[..limit], maybe_unsafe, |b| !SAFE[usize::from(b)]).unwrap_or(limit);
    while run > 0 && class(data[run - 1]) == Class::IfLast {
        run -= 1;
    }
    run
}

/// The length of the prefix of `data` that is spaces and tabs each followed
/// by another space or tab: none of them ends a line, so all are copied as
/// they are. Without this, a long run of white space cost a whole
/// [`safe_run`] scan per byte (it trims the run off its end, then the
/// per-byte path takes one byte): quadratic. The last two bytes of the
/// chunk are left to the per-byte paths, as [`safe_run`] leaves them.
fn white_run(data: &[u8]) -> usize {
    let white = data
        .iter()
        .position(|&b| class(b) != Class::IfLast)
        .unwrap_or(data.len());
    white.saturating_sub(1).min(data.len().saturating_sub(2))
}

impl QpEncoder {
    /// Feeds the held bytes' queue from the start of `data` until every byte
    /// still held came from `data`, then hands those back to the chunk (so
    /// the fast paths go on from there): returns where to resume. Without
    /// this, a run of white space across a chunk boundary kept two bytes
    /// held to its end, and went through the queue byte by byte.
    fn settle(&mut self, data: &[u8], out: &mut Vec<u8>) -> usize {
        let mut i = 0;
        // Bounded: at most three bytes pass the queue before the held ones
        // are all from `data`.
        while self.held > 0 && i < data.len() {
            // The fast paths decide a byte that has two bytes after it.
            if self.held <= i && i - self.held + 2 < data.len() {
                let back = std::mem::take(&mut self.held);
                return i - back;
            }
            self.byte(data[i], out);
            i += 1;
        }
        i
    }

    /// Fast-path output for one decided byte: `byte` quoted or not, or (when
    /// `crlf_len` > 0) followed by / replaced with a line break consuming
    /// `crlf_len` input bytes. Returns the input bytes consumed.
    fn emit(&self, byte: u8, quoted: bool, crlf_len: usize, out: &mut Vec<u8>) -> usize {
        match (crlf_len, quoted) {
            // A bare CRLF: just the line break.
            (2, _) => {
                self.line_break(out);
                return 2;
            }
            (_, true) => quote(byte, out),
            (_, false) => out.push(byte),
        }
        if crlf_len == 3 {
            self.line_break(out);
            return 3;
        }
        1
    }
}
// ANCHOR_END: qp_encoder
