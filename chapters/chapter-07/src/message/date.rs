//! The `Date:` and `Message-ID:` values (RFC 5322 §3.3, §3.6.4).
//!
//! Time and randomness are parameters here, never read inside: the caller
//! passes the Unix time, its UTC offset and a random number, so tests are
//! repeatable and the sending program decides where they come from.
//!
//! Layout: [`Stamp`], [`rfc5322_date`], [`message_id`], [`civil_from_days`].

/// A moment: seconds since 1970-01-01 UTC and the sender's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Seconds since the Unix epoch (UTC).
    pub unix: i64,
    /// Minutes east of UTC (e.g. 60 for +0100).
    pub offset_minutes: i32,
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The date of day `days` since 1970-01-01 as (year, month 1–12, day 1–31)
/// (H. Hinnant's `civil_from_days`, valid far beyond any mail's lifetime).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

// ANCHOR: date
/// `stamp` as an RFC 5322 date: `Sat, 21 Nov 2026 08:30:00 +0100`.
pub fn rfc5322_date(stamp: Stamp) -> String {
    let local = stamp.unix + i64::from(stamp.offset_minutes) * 60;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let sign = if stamp.offset_minutes < 0 { '-' } else { '+' };
    let off = stamp.offset_minutes.unsigned_abs();
    format!(
        "{weekday}, {day} {} {year} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        MONTHS[month as usize - 1],
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
