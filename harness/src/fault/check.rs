//! Checking a plan read from a file (`--faults plan.toml`): every number in
//! a range the peer can carry out, so a typo cannot make a peer loop
//! forever (`chop = 0`), panic on every reply (`chop_random = 0`) or hold
//! gigabytes (`length = 60655350`). The error names the key, what it held
//! and what it may hold.
//!
//! # Layout
//! The limits ([`MAX_PIECE`], [`MAX_DELAY_MS`], [`MAX_LONG_LINE`]) and
//! [`FaultPlan::check`].

use std::fmt::Display;
use std::ops::RangeInclusive;

use super::FaultPlan;

/// The largest `chop` or `chop_random` piece: beyond it a write is not
/// chopped in any way a client could notice.
pub const MAX_PIECE: usize = 1 << 20;

/// The longest pause (`delay_ms`); a longer one would only look like a hang.
pub const MAX_DELAY_MS: u64 = 1000;

/// The longest `[long_line] length`: far past every line limit the
/// workbook's protocols have (SMTP 1000 bytes, RFC 5321 §4.5.3.1.6; POP3
/// 512, RFC 1939 §3; a header line of a typical HTTP server 8 KiB).
pub const MAX_LONG_LINE: usize = 1 << 20;

impl FaultPlan {
    /// Checks every value against its allowed range; the error names the
    /// first key out of range.
    pub fn check(&self) -> Result<(), String> {
        let piece = 1..=MAX_PIECE;
        in_range("chop", self.chop, &piece)?;
        in_range("chop_random", self.chop_random, &piece)?;
        in_range("delay_ms", Some(self.delay_ms), &(0..=MAX_DELAY_MS))?;
        let replies = 1..=u32::MAX;
        in_range("close_at_reply", self.close_at_reply, &replies)?;
        in_range("reset_at_reply", self.reset_at_reply, &replies)?;
        let length = self.long_line.as_ref().map(|l| l.length);
        in_range("long_line.length", length, &(1..=MAX_LONG_LINE))?;
        for (i, r) in self.reply.iter().enumerate() {
            let word = r.command.trim();
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(format!(
                    "`reply[{i}].command` = {:?} must be one command word (RCPT, RETR, ...)",
                    r.command
                ));
            }
        }
        Ok(())
    }
}

fn in_range<T: PartialOrd + Display>(
    key: &str,
    value: Option<T>,
    allowed: &RangeInclusive<T>,
) -> Result<(), String> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(format!(
            "`{key}` = {v} is out of range: it must be {}..={}",
            allowed.start(),
            allowed.end()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_out_of_range_is_named_with_its_range() {
        for (toml, want) in [
            (
                "chop = 0",
                "`chop` = 0 is out of range: it must be 1..=1048576",
            ),
            ("chop_random = 0", "`chop_random` = 0 is out of range"),
            (
                "delay_ms = 5000",
                "`delay_ms` = 5000 is out of range: it must be 0..=1000",
            ),
            ("close_at_reply = 0", "`close_at_reply` = 0 is out of range"),
            ("reset_at_reply = 0", "`reset_at_reply` = 0 is out of range"),
            (
                "[long_line]\nlength = 60655350",
                "`long_line.length` = 60655350 is out of range: it must be 1..=1048576",
            ),
            (
                "[[reply]]\ncommand = \"\"\nreply = \"500\"",
                "`reply[0].command`",
            ),
        ] {
            let err = FaultPlan::from_toml(toml).unwrap_err().to_string();
            assert!(err.contains(want), "{toml:?}: {err}");
        }
        assert!(FaultPlan::from_toml("chop = 1048576\ndelay_ms = 1000").is_ok());
    }

    /// Found by fuzz/ (`fault-plan`): toml took 280 MiB to refuse 3.7 MiB
    /// of `=`; no plan is that long.
    #[test]
    fn a_text_over_the_cap_is_refused_unparsed() {
        let huge = "=".repeat(super::super::MAX_PLAN_TEXT + 1);
        let err = FaultPlan::from_toml(&huge).unwrap_err().to_string();
        assert!(err.contains("over 64 KiB"), "{err}");
    }
}
