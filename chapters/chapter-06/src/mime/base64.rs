//! Base64 (RFC 2045 §6.8, RFC 4648 §4) as chunk-safe filters.
//!
//! Every 3 input bytes become 4 symbols from a 64-letter alphabet; a final
//! group of 1 or 2 bytes is padded with `=` to 4 symbols. A chunk seldom ends
//! on a 3-byte boundary, so the encoder carries up to 2 leftover bytes to the
//! next chunk and pads them only when the end arrives.
//!
//! Layout: [`Base64Encoder`] (fast path: whole groups through a 4096-entry
//! table that yields two symbols per lookup) and [`Base64Decoder`].

use crate::ltn12::{Filter, FilterError};

/// The base64 alphabet of RFC 4648 §4, indexed by 6-bit value.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two symbols for every 12-bit value: one lookup per half of a 24-bit group.
const PAIRS: [[u8; 2]; 4096] = {
    let mut t = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        i += 1;
    }
    t
};

// 6-bit value of each byte; 0xFF marks bytes outside the alphabet.
const VALUES: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

// ANCHOR: encode_groups
/// Encodes whole 3-byte groups of `input` (its length must be a multiple of
/// 3) onto the end of `out`.
fn encode_groups(input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + input.len() / 3 * 4, 0);
    let dst = &mut out[start..];
    // Bulk: one 8-byte load yields two groups (6 bytes), one 8-byte store.
    let (mut i, mut j) = (0, 0);
    while i + 8 <= input.len() {
        let w = u64::from_be_bytes(input[i..i + 8].try_into().expect("8 bytes"));
        let (g0, g1) = ((w >> 40) as usize, (w >> 16) as usize & 0xFF_FFFF);
        let symbols = [
            PAIRS[g0 >> 12],
            PAIRS[g0 & 0xFFF],
            PAIRS[g1 >> 12],
            PAIRS[g1 & 0xFFF],
        ];
        dst[j..j + 8].copy_from_slice(symbols.as_flattened());
        i += 6;
        j += 8;
    }
    for (src, dst) in input[i..].chunks_exact(3).zip(dst[j..].chunks_exact_mut(4)) {
        let n = (usize::from(src[0]) << 16) | (usize::from(src[1]) << 8) | usize::from(src[2]);
        let [a, b] = PAIRS[n >> 12];
        let [c, d] = PAIRS[n & 0xFFF];
        dst.copy_from_slice(&[a, b, c, d]);
    }
}
// ANCHOR_END: encode_groups

/// Encodes the final 1 or 2 bytes of a stream as one padded group.
fn encode_tail(tail: &[u8], out: &mut Vec<u8>) {
    let mut group = [0u8; 3];
    group[..tail.len()].copy_from_slice(tail);
    encode_groups(&group, out);
    let len = out.len();
    // 1 byte carries 8 bits (2 symbols), 2 bytes carry 16 (3 symbols).
    for symbol in &mut out[len - (3 - tail.len())..] {
        *symbol = b'=';
    }
}

// ANCHOR: encoder
/// The base64 encoding filter (LuaSocket `mime.encode("base64")`): no line
/// breaks (add [`Wrap`](super::Wrap) for those), `=` padding at the end.
#[derive(Debug, Default, Clone)]
pub struct Base64Encoder {
    leftover: [u8; 2],
    held: usize,
}

impl Base64Encoder {
    /// A fresh encoder.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Filter for Base64Encoder {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let Some(mut data) = chunk else {
            encode_tail_if_any(&self.leftover[..self.held], out);
            self.held = 0;
            return Ok(());
        };
        // First complete the group that the previous chunk left unfinished.
        if self.held > 0 {
            let take = (3 - self.held).min(data.len());
            let mut group = [0u8; 3];
            group[..self.held].copy_from_slice(&self.leftover[..self.held]);
            group[self.held..self.held + take].copy_from_slice(&data[..take]);
            data = &data[take..];
            if self.held + take < 3 {
                self.leftover[..self.held + take].copy_from_slice(&group[..self.held + take]);
                self.held += take;
                return Ok(());
            }
            encode_groups(&group, out);
        }
        let whole = data.len() / 3 * 3;
        encode_groups(&data[..whole], out);
        self.held = data.len() - whole;
        self.leftover[..self.held].copy_from_slice(&data[whole..]);
        Ok(())
    }
}
// ANCHOR_END: encoder

fn encode_tail_if_any(tail: &[u8], out: &mut Vec<u8>) {
    if !tail.is_empty() {
        encode_tail(tail, out);
    }
}

/// The base64 decoding filter (LuaSocket `mime.decode("base64")`).
///
/// White space (space, tab, CR, LF) is skipped, so wrapped input decodes.
/// Unlike LuaSocket, which silently drops every byte outside the alphabet,
/// this decoder *rejects* any other byte ([`FilterError::InvalidBase64`]) and
/// any symbol after the `=` padding: RFC 2045 §6.8 says such bytes "probably
/// indicate a transmission error", and silently losing data hides that. A
/// missing final padding is accepted; a single lone final symbol is an error.
#[derive(Debug, Default, Clone)]
pub struct Base64Decoder {
    group: [u8; 4],
    held: usize,
    padded: bool,
    offset: u64,
}

impl Base64Decoder {
    /// A fresh decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Emits the bytes of a group of `held` symbols (2, 3 or 4).
    fn flush_group(&mut self, out: &mut Vec<u8>) {
        let g = self.group.map(u32::from);
        let n = (g[0] << 18) | (g[1] << 12) | (g[2] << 6) | g[3];
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..self.held - 1]);
        self.group = [0; 4];
        self.held = 0;
    }

    fn byte(&mut self, byte: u8, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let offset = self.offset;
        self.offset += 1;
        match (byte, VALUES[usize::from(byte)]) {
            (b' ' | b'\t' | b'\r' | b'\n', _) => {}
            (b'=', _) if self.padded => {}
            (b'=', _) if self.held >= 2 => {
                self.flush_group(out);
                self.padded = true;
            }
            (_, 0xFF) => return Err(FilterError::InvalidBase64 { byte, offset }),
            _ if self.padded => return Err(FilterError::DataAfterPadding { offset }),
            (_, value) => {
                self.group[self.held] = value;
                self.held += 1;
                if self.held == 4 {
                    self.flush_group(out);
                }
            }
        }
        Ok(())
    }
}

impl Filter for Base64Decoder {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        match chunk {
            Some(data) => data.iter().try_for_each(|&b| self.byte(b, out)),
            None => {
                let result = match self.held {
                    0 => Ok(()),
                    1 => Err(FilterError::TruncatedBase64),
                    _ => {
                        self.flush_group(out);
                        Ok(())
                    }
                };
                *self = Self::default();
                result
            }
        }
    }
}
