//! Builder methods of [`FaultPlan`]: `FaultPlan::none().chop(1).on("RCPT", 2, "452 …")`.

use super::{FaultPlan, LongLine, MalformKind, Malformed, ScriptedReply};

impl FaultPlan {
    /// Builder: sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Builder: chop writes into pieces of `n` bytes (`n` ≥ 1).
    pub fn chop(mut self, n: usize) -> Self {
        self.chop = Some(n.max(1));
        self
    }

    /// Builder: chop writes into random pieces of 1..=`max` bytes.
    pub fn chop_random(mut self, max: usize) -> Self {
        self.chop_random = Some(max.max(1));
        self
    }

    /// Builder: pause `ms` before each piece (random up to `ms` if `random`).
    pub fn delay(mut self, ms: u64, random: bool) -> Self {
        self.delay_ms = ms;
        self.delay_random = random;
        self
    }

    /// Builder: bare LF instead of CRLF.
    pub fn bare_lf(mut self) -> Self {
        self.bare_lf = true;
        self
    }

    /// Builder: close after sending `n` bytes.
    pub fn close_after_bytes(mut self, n: u64) -> Self {
        self.close_after_bytes = Some(n);
        self
    }

    /// Builder: reset after sending `n` bytes.
    pub fn reset_after_bytes(mut self, n: u64) -> Self {
        self.reset_after_bytes = Some(n);
        self
    }

    /// Builder: close instead of sending reply `k`.
    pub fn close_at_reply(mut self, k: u32) -> Self {
        self.close_at_reply = Some(k);
        self
    }

    /// Builder: reset instead of sending reply `k`.
    pub fn reset_at_reply(mut self, k: u32) -> Self {
        self.reset_at_reply = Some(k);
        self
    }

    /// Builder: make reply `at_reply` start with a line of `length` bytes.
    pub fn long_line(mut self, at_reply: u32, length: usize) -> Self {
        self.long_line = Some(LongLine { at_reply, length });
        self
    }

    /// Builder: damage reply `at_reply`.
    pub fn malformed(mut self, at_reply: u32, kind: MalformKind) -> Self {
        self.malformed.push(Malformed { at_reply, kind });
        self
    }

    /// Builder: `on <command> #<nth> reply <reply>`.
    pub fn on(mut self, command: &str, nth: u32, reply: &str) -> Self {
        let command = command.to_string();
        self.reply.push(ScriptedReply {
            command,
            nth,
            reply: reply.to_string(),
        });
        self
    }
}
