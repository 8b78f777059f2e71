//! From a count of days to a calendar date, with no date library.
//!
//! Every date a network protocol prints starts from a count of seconds
//! since 1970-01-01 00:00:00 UTC (the Unix epoch). Splitting it into days
//! and seconds of the day is a division; turning the day number into year,
//! month and day is the one hard step, because months and years have
//! different lengths. Howard Hinnant's `civil_from_days` does it with a
//! handful of integer divisions and no loops or tables, for any day
//! (before the epoch too), in the proleptic Gregorian calendar that RFC 867
//! (daytime), RFC 9110 (HTTP dates) and RFC 5322 (mail dates) all use.
//!
//! Chapter 5's `Date:` header and chapter 7's mail dates use this module
//! too; the workbook's harness keeps its own copy for its daytime peer,
//! so each checks the other.
//!
//! # Layout
//! [`SECS_PER_DAY`], [`days_and_seconds`], [`civil_from_days`],
//! [`weekday`], [`MONTH_NAMES`], [`WEEKDAY_NAMES`].

/// Seconds in a UTC day (POSIX time has no leap seconds).
pub const SECS_PER_DAY: i64 = 86_400;

/// English month names, January first.
#[rustfmt::skip]
pub const MONTH_NAMES: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];

/// English weekday names, Monday first (ISO 8601's order).
#[rustfmt::skip]
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];

/// Splits seconds since the epoch into (days since the epoch, seconds
/// into that day). Rounds towards minus infinity, so one second before the
/// epoch is day -1 at 23:59:59, not day 0.
pub fn days_and_seconds(unix_secs: i64) -> (i64, i64) {
    (
        unix_secs.div_euclid(SECS_PER_DAY),
        unix_secs.rem_euclid(SECS_PER_DAY),
    )
}

// ANCHOR: civil_from_days
/// The date of day `days` since 1970-01-01, as (year, month 1..=12,
/// day 1..=31): Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Count from 0000-03-01 instead of 1970-01-01: with March as the first
    // month, February's leap day is the last day of the year, so the
    // month lengths before it never change.
    let from_march_0000 = days + 719_468;
    // The calendar repeats every 400 years ("eras") of 146,097 days.
    let era = from_march_0000.div_euclid(146_097);
    let day_of_era = from_march_0000.rem_euclid(146_097); // 0..=146_096
    // Remove the leap days (one every 4 years, none every 100, one every
    // 400) to get whole 365-day years into the era.
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // March..January have lengths 31,30,31,30,31 repeating: 153 days per
    // 5 months, so a linear formula finds the month (0 = March).
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = (month_from_march + 2) % 12 + 1;
    // January and February belong to the next calendar year.
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    (year, month as u32, day as u32)
}
// ANCHOR_END: civil_from_days

/// The weekday of day `days` since 1970-01-01: 0 = Monday .. 6 = Sunday
/// (an index into [`WEEKDAY_NAMES`]). The epoch was a Thursday.
pub fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29)); // A leap day.
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        assert_eq!(WEEKDAY_NAMES[weekday(0)], "Thursday");
        assert_eq!(WEEKDAY_NAMES[weekday(-1)], "Wednesday");
        assert_eq!(days_and_seconds(-1), (-1, 86_399));
    }
}
