//! The steps of one write, produced one at a time.
//!
//! A reply padded to a long line is kept as its first line's start, a
//! count of padding bytes and the rest ([`Payload`]); each piece is made
//! only when [`Steps::next`] gets to it, so a megabyte line is never held
//! whole and a peer that writes piece by piece holds one piece at a time.
//! Without `chop`, a padded reply is written in pieces of at most
//! [`PAD_PIECE`] bytes, for the same reason.
//!
//! # Layout
//! [`Payload`], [`Steps`].

use std::collections::VecDeque;

use std::time::Duration;

/// One thing to do while writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteStep {
    /// Sleep this long.
    Pause(Duration),
    /// Write these bytes with one `write` call.
    Write(Vec<u8>),
    /// Record this harness note.
    Note(String),
    /// Close the connection (the text says why).
    Close(String),
    /// Reset the connection (the text says why).
    Reset(String),
}

/// What a [`Steps`] asks of the connection's fault state between pieces:
/// [`super::ConnFaults`] answers, from the plan and its seeded dice.
pub trait Pacing {
    /// The step that ends the connection, once a plan's limit is reached.
    fn limit_reached(&self) -> Option<WriteStep>;
    /// How many of the `left` bytes to write next (at most `most`).
    fn piece_len(&mut self, left: usize, most: usize) -> usize;
    /// A pause to take before the next piece, if any.
    fn pause(&mut self) -> Option<Duration>;
    /// Counts `n` bytes as written.
    fn sent(&mut self, n: usize);
}

/// The largest piece of a padded reply when the plan does not chop.
pub const PAD_PIECE: usize = 64 * 1024;

/// Bytes to write: `head`, then `pad` bytes of `x`, then `tail`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payload {
    head: Vec<u8>,
    pad: usize,
    tail: Vec<u8>,
    /// How much has been taken.
    pos: usize,
}

impl Payload {
    /// Plain bytes, no padding.
    pub fn plain(bytes: Vec<u8>) -> Payload {
        Payload {
            head: bytes,
            ..Payload::default()
        }
    }

    /// `bytes` with its first line padded with `x` to `length` bytes
    /// before its line ending (a longer line is left as it is).
    pub fn padded(bytes: &[u8], length: usize) -> Payload {
        let end = bytes
            .iter()
            .position(|&b| b == b'\r' || b == b'\n')
            .unwrap_or(bytes.len());
        Payload {
            head: bytes[..end].to_vec(),
            pad: length.saturating_sub(end),
            tail: bytes[end..].to_vec(),
            pos: 0,
        }
    }

    /// Whether it holds padding.
    pub fn is_padded(&self) -> bool {
        self.pad > 0
    }

    /// Its length.
    pub fn len(&self) -> usize {
        self.head.len() + self.pad + self.tail.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All its bytes (to damage them: bounded by the plan's checked
    /// `long_line` length).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = self.head.clone();
        out.resize(self.head.len() + self.pad, b'x');
        out.extend_from_slice(&self.tail);
        out
    }

    /// Applies `f` to the parts that are not padding (padding is `x`,
    /// which no transformation of line endings touches).
    pub fn map(self, f: impl Fn(&[u8]) -> Vec<u8>) -> Payload {
        Payload {
            head: f(&self.head),
            tail: f(&self.tail),
            ..self
        }
    }

    fn remaining(&self) -> usize {
        self.len() - self.pos
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Vec<u8> {
        let (start, end) = (self.pos, self.pos + n);
        let (pad_start, pad_end) = (self.head.len(), self.head.len() + self.pad);
        let mut out = Vec::with_capacity(n);
        out.extend_from_slice(&self.head[start.min(pad_start)..end.min(pad_start)]);
        out.resize(
            out.len() + end.min(pad_end).saturating_sub(start.max(pad_start)),
            b'x',
        );
        let tail = start.max(pad_end) - pad_end..end.max(pad_end) - pad_end;
        out.extend_from_slice(&self.tail[tail]);
        self.pos = end;
        out
    }
}

/// The steps of one write or reply, made one at a time by [`Steps::next`].
#[derive(Debug)]
pub struct Steps {
    /// Steps decided already: notes first, a single close or reset.
    queued: VecDeque<WriteStep>,
    payload: Payload,
    done: bool,
}

impl Steps {
    /// The steps that write `payload`, after `queued`.
    pub fn new(queued: Vec<WriteStep>, payload: Payload) -> Steps {
        Steps {
            queued: queued.into(),
            payload,
            done: false,
        }
    }

    /// Steps that only do `queued` (a close or reset instead of a reply).
    pub fn only(queued: Vec<WriteStep>) -> Steps {
        Steps {
            done: true,
            ..Steps::new(queued, Payload::default())
        }
    }

    /// The next step, drawing on `faults` for chopping, pauses and byte
    /// limits (in the order the plan's seed fixes: piece, then pause).
    pub fn next(&mut self, faults: &mut impl Pacing) -> Option<WriteStep> {
        if let Some(step) = self.queued.pop_front() {
            return Some(step);
        }
        if self.done {
            return None;
        }
        let left = self.payload.remaining();
        let end = faults.limit_reached();
        if left == 0 || end.is_some() {
            self.done = true;
            return end;
        }
        let most = match self.payload.is_padded() {
            true => PAD_PIECE,
            false => usize::MAX,
        };
        let n = faults.piece_len(left, most);
        let pause = faults.pause();
        let write = WriteStep::Write(self.payload.take(n));
        faults.sent(n);
        match pause {
            Some(pause) => {
                self.queued.push_back(write);
                Some(WriteStep::Pause(pause))
            }
            None => Some(write),
        }
    }

    /// Every step, collected (for callers that do not stream).
    pub fn collect(mut self, faults: &mut impl Pacing) -> Vec<WriteStep> {
        std::iter::from_fn(|| self.next(faults)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_a_padded_payload_add_up_to_it() {
        let whole = Payload::padded(b"ab\r\ncd\r\n", 7);
        assert_eq!(whole.to_vec(), b"abxxxxx\r\ncd\r\n");
        for n in 1..=whole.len() {
            let mut p = whole.clone();
            let mut got = Vec::new();
            while p.remaining() > 0 {
                got.extend(p.take(n.min(p.remaining())));
            }
            assert_eq!(got, whole.to_vec(), "pieces of {n}");
        }
    }
}
