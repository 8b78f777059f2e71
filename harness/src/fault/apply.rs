//! Applying a [`FaultPlan`] to one connection.
//!
//! [`ConnFaults`] turns each write (or logical reply) into a list of
//! [`WriteStep`]s — pauses, pieces to write, notes, and a final close or
//! reset — that the peer's connection then performs. Keeping the decisions
//! here, free of I/O, makes them testable without sockets and deterministic
//! for a given seed and connection number. The steps can be had all at
//! once ([`ConnFaults::reply_steps`]) or one at a time
//! ([`ConnFaults::reply_stream`], see [`super::steps`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::steps::{Pacing, Payload, Steps, WriteStep};
use super::{FaultPlan, MalformKind};

/// The per-connection state of a fault plan.
#[derive(Debug)]
pub struct ConnFaults {
    plan: Arc<FaultPlan>,
    rng: ChaCha8Rng,
    sent: u64,
    replies: u32,
    uses: HashMap<String, u32>,
}

impl ConnFaults {
    /// State for connection `conn` (its number mixes into the seed, so each
    /// connection differs but every run of the same seed is the same).
    pub fn new(plan: Arc<FaultPlan>, conn: u32) -> Self {
        let mixed = plan.seed ^ u64::from(conn).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let rng = ChaCha8Rng::seed_from_u64(mixed);
        ConnFaults {
            plan,
            rng,
            sent: 0,
            replies: 0,
            uses: HashMap::new(),
        }
    }

    /// The plan.
    pub fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    /// The scripted reply for this command line, if the plan has one for
    /// this use of its command word (counted per connection).
    pub fn scripted(&mut self, line: &[u8]) -> Option<Vec<u8>> {
        let word = line
            .split(|b| b.is_ascii_whitespace())
            .next()
            .unwrap_or_default();
        let word = String::from_utf8_lossy(word).to_ascii_uppercase();
        if word.is_empty() {
            return None;
        }
        let n = self.uses.entry(word.clone()).or_insert(0);
        *n += 1;
        let n = *n;
        let hit = self
            .plan
            .reply
            .iter()
            .find(|r| r.command.eq_ignore_ascii_case(&word) && (r.nth == 0 || r.nth == n))?;
        let mut reply = hit.reply.clone().into_bytes();
        if !reply.ends_with(b"\n") {
            reply.extend_from_slice(b"\r\n");
        }
        Some(reply)
    }

    /// Steps to send one logical reply (reply-level faults, then write faults).
    pub fn reply_steps(&mut self, reply: &[u8]) -> Vec<WriteStep> {
        self.reply_stream(reply).collect(self)
    }

    /// Steps to send raw bytes (bare LF, chopping, pauses, byte limits).
    pub fn write_steps(&mut self, bytes: &[u8]) -> Vec<WriteStep> {
        self.write_stream(bytes).collect(self)
    }

    /// As [`ConnFaults::reply_steps`], one step at a time: a long line's
    /// padding is made piece by piece as [`Steps::next`] reaches it.
    pub fn reply_stream(&mut self, reply: &[u8]) -> Steps {
        self.replies += 1;
        let k = self.replies;
        if self.plan.close_at_reply == Some(k) {
            return Steps::only(vec![WriteStep::Close(format!("fault: close at reply {k}"))]);
        }
        if self.plan.reset_at_reply == Some(k) {
            return Steps::only(vec![WriteStep::Reset(format!("fault: reset at reply {k}"))]);
        }
        let mut notes = Vec::new();
        let payload = self.damage(reply, k, &mut notes);
        let notes = notes.into_iter().map(WriteStep::Note).collect();
        Steps::new(notes, self.line_ends(payload))
    }

    /// As [`ConnFaults::write_steps`], one step at a time.
    pub fn write_stream(&mut self, bytes: &[u8]) -> Steps {
        let payload = self.line_ends(Payload::plain(bytes.to_vec()));
        Steps::new(Vec::new(), payload)
    }

    fn line_ends(&self, payload: Payload) -> Payload {
        match self.plan.bare_lf {
            true => payload.map(crlf_to_lf),
            false => payload,
        }
    }

    fn damage(&mut self, reply: &[u8], k: u32, notes: &mut Vec<String>) -> Payload {
        let mut payload = Payload::plain(reply.to_vec());
        if let Some(l) = self
            .plan
            .long_line
            .clone()
            .filter(|l| l.at_reply == 0 || l.at_reply == k)
        {
            payload = Payload::padded(reply, l.length);
            notes.push(format!(
                "fault: reply {k} starts with a {}-byte line",
                l.length
            ));
        }
        let kinds: Vec<MalformKind> = self
            .plan
            .malformed
            .iter()
            .filter(|m| m.at_reply == 0 || m.at_reply == k)
            .map(|m| m.kind)
            .collect();
        for kind in kinds {
            payload = Payload::plain(self.malform(&payload.to_vec(), kind));
            notes.push(format!("fault: reply {k} {}", describe(kind)));
        }
        payload
    }

    fn malform(&mut self, bytes: &[u8], kind: MalformKind) -> Vec<u8> {
        match kind {
            MalformKind::TruncateFinal => truncate_final(bytes),
            MalformKind::Cut => bytes[..bytes.len() / 2].to_vec(),
            MalformKind::NoEnding => strip_ending(bytes).to_vec(),
            MalformKind::Garbage => {
                let mut junk: Vec<u8> = (0..bytes.len().max(3))
                    .map(|_| self.rng.random_range(0x21..0x7f))
                    .collect();
                junk.extend_from_slice(b"\r\n");
                junk
            }
        }
    }

    /// What is left before a close or reset the plan asks for.
    fn bytes_left(&self) -> Option<u64> {
        let limit = [self.plan.close_after_bytes, self.plan.reset_after_bytes]
            .into_iter()
            .flatten()
            .min()?;
        Some(limit.saturating_sub(self.sent))
    }
}

impl Pacing for ConnFaults {
    /// The next piece's length, at most `most` and what is `left`. A plan
    /// built in code bypasses [`FaultPlan::check`], so a zero piece size
    /// counts as 1 here rather than looping on empty pieces.
    fn piece_len(&mut self, left: usize, most: usize) -> usize {
        let n = if let Some(n) = self.plan.chop {
            n.max(1)
        } else if let Some(max) = self.plan.chop_random {
            self.rng.random_range(1..=max.max(1))
        } else {
            most
        };
        let n = n.min(left);
        match self.bytes_left() {
            Some(limit) => n.min(usize::try_from(limit).unwrap_or(usize::MAX)),
            None => n,
        }
    }

    /// Counts `n` bytes as sent.
    fn sent(&mut self, n: usize) {
        self.sent += n as u64;
    }

    /// A pause from the plan: its delay, or a random one up to it.
    fn pause(&mut self) -> Option<Duration> {
        let max = self.plan.max_delay();
        if max.is_zero() {
            return None;
        }
        if !self.plan.delay_random {
            return Some(max);
        }
        let ms = self.rng.random_range(0..=max.as_millis() as u64);
        Some(Duration::from_millis(ms))
    }

    fn limit_reached(&self) -> Option<WriteStep> {
        let hit = |l: Option<u64>| l.is_some_and(|l| self.sent >= l);
        if hit(self.plan.reset_after_bytes) {
            Some(WriteStep::Reset(format!(
                "fault: reset after {} bytes",
                self.sent
            )))
        } else if hit(self.plan.close_after_bytes) {
            Some(WriteStep::Close(format!(
                "fault: close after {} bytes",
                self.sent
            )))
        } else {
            None
        }
    }
}

fn describe(kind: MalformKind) -> &'static str {
    match kind {
        MalformKind::TruncateFinal => "loses its final line",
        MalformKind::Cut => "is cut in half",
        MalformKind::Garbage => "replaced by garbage",
        MalformKind::NoEnding => "loses its final line ending",
    }
}

/// Replaces every CRLF with LF.
pub fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

fn strip_ending(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// Drops the last line of a multi-line reply, or the ending of a single line.
fn truncate_final(bytes: &[u8]) -> Vec<u8> {
    let body = strip_ending(bytes);
    match body.iter().rposition(|&b| b == b'\n') {
        Some(i) => bytes[..=i].to_vec(),
        None => body.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::steps::PAD_PIECE;

    /// `[long_line] length = 60655350` once built 60 MB in one piece (and
    /// with `chop = 1`, 60 million one-byte pieces at once); now a piece at
    /// a time, none larger than PAD_PIECE. The plan is built in code, past
    /// `FaultPlan::check`, to show the writer itself is bounded.
    #[test]
    fn a_huge_long_line_is_written_in_bounded_pieces() {
        let length = 60_655_350;
        let plan = FaultPlan::none().long_line(1, length);
        let mut faults = ConnFaults::new(Arc::new(plan), 1);
        let mut steps = faults.reply_stream(b"250 ok\r\n");
        let (mut total, mut pieces) = (0, 0);
        // Bounded: each step writes at least one byte of a finite payload.
        while let Some(step) = steps.next(&mut faults) {
            if let WriteStep::Write(bytes) = step {
                assert!(bytes.len() <= PAD_PIECE, "a piece of {}", bytes.len());
                total += bytes.len();
                pieces += 1;
            }
        }
        assert_eq!(total, length + 2);
        assert_eq!(pieces, (length + 2).div_ceil(PAD_PIECE));
    }

    /// A zero piece size from code (TOML is checked) means 1, not an
    /// endless run of empty pieces or a panic.
    #[test]
    fn zero_piece_sizes_built_in_code_still_end() {
        for plan in [
            FaultPlan {
                chop: Some(0),
                ..FaultPlan::none()
            },
            FaultPlan {
                chop_random: Some(0),
                ..FaultPlan::none()
            },
        ] {
            let mut faults = ConnFaults::new(Arc::new(plan), 1);
            let mut steps = faults.write_stream(b"abc");
            // At most a few steps: a wrong piece size must fail, not hang.
            let steps: Vec<WriteStep> = (0..5).map_while(|_| steps.next(&mut faults)).collect();
            let w = |b: &[u8]| WriteStep::Write(b.to_vec());
            assert_eq!(steps, [w(b"a"), w(b"b"), w(b"c")]);
        }
    }
}
