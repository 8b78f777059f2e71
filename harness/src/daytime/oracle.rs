//! An independent calendar to check ours against: the `httpdate` crate's,
//! which formats any instant from 1970 to 9999 as an HTTP date.
//!
//! Chapter 3's `calendar::civil_from_days` and the harness's own
//! [`civil_from_unix`](super::text::civil_from_unix) are two copies of one
//! algorithm; this is a third implementation that shares no code with
//! either, so a property test comparing them over the whole range catches
//! a mistake in one.
//!
//! # Layout
//! [`LAST_DAY`], [`civil`].

use std::time::{Duration, UNIX_EPOCH};

/// Day 9999-12-31, counted from 1970-01-01: the last day `httpdate` covers.
pub const LAST_DAY: i64 = 2_932_896;

/// `(year, month 1..=12, day 1..=31, weekday "Mon".."Sun")` of day `days`
/// since 1970-01-01 (`0..=LAST_DAY`), read back from `httpdate`'s
/// `Thu, 01 Jan 1970 00:00:00 GMT`.
///
/// # Panics
/// Outside `0..=LAST_DAY`, or if httpdate's text is not of that form.
pub fn civil(days: i64) -> (i64, u32, u32, String) {
    assert!((0..=LAST_DAY).contains(&days), "day {days} is out of range");
    let at = UNIX_EPOCH + Duration::from_secs(days as u64 * 86_400);
    let text = httpdate::fmt_http_date(at);
    let words: Vec<&str> = text.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
        .iter()
        .chain(&["Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        .position(|m| *m == words[2])
        .unwrap_or_else(|| panic!("no month in {text:?}"));
    let number = |w: &str| w.parse::<i64>().unwrap_or_else(|_| panic!("{text:?}"));
    (
        number(words[3]),
        month as u32 + 1,
        number(words[1]) as u32,
        words[0].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daytime::text::{at_unix, civil_from_unix, daytime_line};
    use proptest::prelude::*;

    #[test]
    fn reads_the_ends_of_the_range() {
        assert_eq!(civil(0), (1970, 1, 1, "Thu".into()));
        assert_eq!(civil(LAST_DAY), (9999, 12, 31, "Fri".into()));
    }

    proptest! {
        /// The harness's calendar agrees with httpdate's on every day it
        /// covers, and repeats every 400 years (146,097 days) before 1970.
        #[test]
        fn the_harness_calendar_matches_httpdate(days in 0..=LAST_DAY, eras in 1i64..20) {
            let (year, month, day, weekday) = civil(days);
            prop_assert_eq!(civil_from_unix(days * 86_400), (year, month, day));
            prop_assert!(daytime_line(at_unix(days * 86_400)).starts_with(&weekday));
            let before = (days - eras * 146_097) * 86_400 + 86_399;
            prop_assert_eq!(civil_from_unix(before), (year - eras * 400, month, day));
        }
    }
}
