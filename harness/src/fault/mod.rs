//! Fault plans: seeded, replayable misbehaviour for fake peers.
//!
//! A [`FaultPlan`] says how a peer should misbehave when it writes: chop
//! writes into 1-byte or random-sized pieces, pause between them, turn CRLF
//! into bare LF, close or reset after N bytes or at the K-th reply, send an
//! over-long line, malform replies, or answer the n-th use of a command
//! with a scripted error (`on RCPT #2 reply 452 …`). Everything random is
//! drawn from a ChaCha generator seeded with `seed` and the connection
//! number, so the same seed gives the same transcript; the seed is written
//! into every transcript header and failure message.
//!
//! Plans are built in code (builder methods) or read from TOML
//! (`workbook peer echo --faults plan.toml`); see `fixtures/faults/`.
//!
//! Layout:
//! - this file: [`FaultPlan`], its parts, TOML, summary, seeds.
//! - `build`: the builder methods of [`FaultPlan`].
//! - [`check`]: the allowed range of every value, checked when a plan is
//!   read from TOML.
//! - [`apply`]: [`ConnFaults`], the per-connection state that applies a plan;
//!   [`steps`]: its steps made one at a time (a long line never whole).

pub mod apply;
mod build;
pub mod check;
pub mod steps;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use apply::ConnFaults;
pub use steps::{Steps, WriteStep};

/// The environment variable that overrides seeds, to replay a failure.
pub const SEED_ENV: &str = "WORKBOOK_SEED";

/// How a peer misbehaves. `FaultPlan::none()` (the default) is well-behaved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultPlan {
    /// Seed of every random choice.
    pub seed: u64,
    /// Split every write into pieces of exactly this many bytes.
    pub chop: Option<usize>,
    /// Split every write into pieces of 1..=this many bytes (random).
    pub chop_random: Option<usize>,
    /// Pause this long before each piece (capped at 1 s).
    pub delay_ms: u64,
    /// Make the pause random in 0..=`delay_ms`.
    pub delay_random: bool,
    /// Send bare LF where the peer would send CRLF.
    pub bare_lf: bool,
    /// Close the connection after sending this many bytes.
    pub close_after_bytes: Option<u64>,
    /// Reset (RST) the connection after sending this many bytes.
    pub reset_after_bytes: Option<u64>,
    /// Close instead of sending reply number K (1-based).
    pub close_at_reply: Option<u32>,
    /// Reset instead of sending reply number K (1-based).
    pub reset_at_reply: Option<u32>,
    /// Pad the first line of a reply to this many bytes (before its CRLF;
    /// at most [`check::MAX_LONG_LINE`]).
    pub long_line: Option<LongLine>,
    /// Replies to damage.
    pub malformed: Vec<Malformed>,
    /// Scripted replies to the n-th use of a command.
    pub reply: Vec<ScriptedReply>,
}

/// An over-long line in reply number `at_reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongLine {
    /// Which reply (1-based; 0 = every reply).
    #[serde(default = "one")]
    pub at_reply: u32,
    /// Length of the padded line, without its line ending.
    pub length: usize,
}

fn one() -> u32 {
    1
}

/// How to damage reply number `at_reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Malformed {
    /// Which reply (1-based; 0 = every reply).
    #[serde(default = "one")]
    pub at_reply: u32,
    /// The damage.
    pub kind: MalformKind,
}

/// Ways to damage a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MalformKind {
    /// Drop the last line: an SMTP `250-` with no final `250 `, a POP3
    /// multi-line reply without its `.` (a single line loses its ending).
    TruncateFinal,
    /// Send only the first half of the reply's bytes.
    Cut,
    /// Send seeded random printable junk of the same length, then CRLF.
    Garbage,
    /// Strip the reply's final line ending.
    NoEnding,
}

/// `on <command> #<nth> reply <reply>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedReply {
    /// The command word, case-insensitive (`RCPT`, `RETR`, ...).
    pub command: String,
    /// Which use of it (1-based; 0 = every use).
    #[serde(default = "one")]
    pub nth: u32,
    /// The reply line(s); CRLF is appended when missing.
    pub reply: String,
}

/// The longest plan text read (bytes).
pub const MAX_PLAN_TEXT: usize = 64 << 10;

impl FaultPlan {
    /// A well-behaved plan (seed 0).
    pub fn none() -> Self {
        FaultPlan::default()
    }

    /// Reads a plan from TOML (the fields of [`FaultPlan`], kebab-free
    /// names) and checks every value's range ([`FaultPlan::check`]).
    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        // toml can take 100 times a pathological text's size to refuse it;
        // a real plan is a few hundred bytes.
        if text.len() > MAX_PLAN_TEXT {
            anyhow::bail!("invalid fault plan: over {} KiB", MAX_PLAN_TEXT >> 10);
        }
        let plan: FaultPlan =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("invalid fault plan: {e}"))?;
        plan.check()
            .map_err(|e| anyhow::anyhow!("invalid fault plan: {e}"))?;
        Ok(plan)
    }

    /// Writes the plan as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a fault plan always serialises")
    }

    /// A random mix of benign faults (chopping, delays up to 2 ms) drawn from
    /// `seed`: the same seed always gives the same plan.
    pub fn fuzz(seed: u64) -> Self {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut plan = FaultPlan {
            seed,
            ..FaultPlan::none()
        };
        match rng.random_range(0..3) {
            0 => plan.chop = Some(1),
            1 => plan.chop_random = Some(rng.random_range(1..=16)),
            _ => {}
        }
        if rng.random_bool(0.5) {
            plan.delay_ms = rng.random_range(0..=2);
            plan.delay_random = true;
        }
        plan
    }

    /// The seed from `WORKBOOK_SEED` if set (to replay), else `default`.
    pub fn seed_from_env_or(default: u64) -> u64 {
        match std::env::var(SEED_ENV) {
            Ok(v) => v
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{SEED_ENV}={v:?} is not a number")),
            Err(_) => default,
        }
    }

    /// A seed from `WORKBOOK_SEED`, or a fresh random one.
    pub fn seed_from_env_or_random() -> u64 {
        Self::seed_from_env_or(rand::random())
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The pause before a piece, capped at one second.
    pub fn max_delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms.min(1000))
    }

    /// One line describing the plan, for transcript headers.
    pub fn summary(&self) -> String {
        let mut parts = self.write_parts();
        if let Some(l) = &self.long_line {
            parts.push(format!("long-line={}@reply{}", l.length, l.at_reply));
        }
        for m in &self.malformed {
            parts.push(format!("{:?}@reply{}", m.kind, m.at_reply).to_lowercase());
        }
        for r in &self.reply {
            let (cmd, text) = (r.command.to_uppercase(), r.reply.trim_end());
            parts.push(format!("on {cmd} #{} reply {text:?}", r.nth));
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// Summary parts of the write-level faults.
    fn write_parts(&self) -> Vec<String> {
        let random = if self.delay_random { "0.." } else { "" };
        let opt = |name: &str, v: Option<String>| v.map(|v| format!("{name}={v}"));
        [
            opt("chop", self.chop.map(|n| n.to_string())),
            opt("chop-random", self.chop_random.map(|n| format!("1..{n}"))),
            opt(
                "delay",
                (self.delay_ms > 0).then(|| format!("{random}{}ms", self.delay_ms)),
            ),
            self.bare_lf.then(|| "bare-lf".to_string()),
            opt(
                "close-after",
                self.close_after_bytes.map(|n| format!("{n}B")),
            ),
            opt(
                "reset-after",
                self.reset_after_bytes.map(|n| format!("{n}B")),
            ),
            opt("close-at-reply", self.close_at_reply.map(|n| n.to_string())),
            opt("reset-at-reply", self.reset_at_reply.map(|n| n.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The sentence every failure message carries to replay a run.
    pub fn replay_hint(&self) -> String {
        format!(
            "seed {} (replay with {SEED_ENV}={}); faults: {}",
            self.seed,
            self.seed,
            self.summary()
        )
    }
}
