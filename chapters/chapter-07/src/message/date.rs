//! The `Date:` and `Message-ID:` values (RFC 5322 §3.3, §3.6.4).
//!
//! Time and randomness are parameters here, never read inside: the caller
//! passes the Unix time, its UTC offset and a random number, so tests are
//! repeatable and the sending program decides where they come from.
//!
//! The calendar arithmetic (days since 1970 to a date) is chapter 3's
//! [`chapter_03::calendar`], shared with chapter 5's HTTP dates.
//!
//! # Layout
//! [`Stamp`], [`rfc5322_date`], [`message_id`].

use chapter_03::calendar::{
    MONTH_NAMES, WEEKDAY_NAMES, civil_from_days, days_and_seconds, weekday,
};

/// A moment: seconds since 1970-01-01 UTC and the sender's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Seconds since the Unix epoch (UTC).
    pub unix: i64,
    /// Minutes east of UTC (e.g. 60 for +0100).
    pub offset_minutes: i32,
}

// ANCHOR: date
/// `stamp` as an RFC 5322 date: `Sat, 21 Nov 2026 08:30:00 +0100`.
pub fn rfc5322_date(stamp: Stamp) -> String {
    // The date and time are the sender's local ones (§3.3), so shift by
    // the offset first.
    let local = stamp.unix + i64::from(stamp.offset_minutes) * 60;
    let (days, secs) = days_and_seconds(local);
    let (year, month, day) = civil_from_days(days);
    let sign = if stamp.offset_minutes < 0 { '-' } else { '+' };
    let off = stamp.offset_minutes.unsigned_abs();
    format!(
        "{}, {day} {} {year} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        &WEEKDAY_NAMES[weekday(days)][..3],
        &MONTH_NAMES[month as usize - 1][..3],
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        off / 60,
        off % 60
    )
}
// ANCHOR_END: date

/// A globally unique `Message-ID` value: `<time.random@domain>`.
pub fn message_id(stamp: Stamp, random: u64, domain: &str) -> String {
    format!("<{:x}.{random:016x}@{domain}>", stamp.unix)
}
