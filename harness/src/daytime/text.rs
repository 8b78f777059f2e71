//! The daytime reply text, and time as a parameter ([`Clock`]).
//!
//! RFC 867 fixes no syntax for the reply ("there is no specific syntax for
//! the daytime"); it suggests one line such as `Weekday, Month Day, Year
//! HH:MM:SS-Zone`. [`daytime_line`] writes that form, in UTC, ending in
//! CRLF, with no date library: the calendar date comes from the day count
//! by Howard Hinnant's `civil_from_days` algorithm.
//!
//! This is the test oracle's own copy, written independently of chapter 3's
//! `daytime_line` and `calendar` (which teach the same thing): the peer
//! must not share code with the programs it checks, so a mistake in one
//! shows up as a disagreement. `civil_from_unix` is the harness's one
//! calendar routine; its tests check it against the `httpdate` crate.
//!
//! # Layout
//! [`Clock`], [`system_clock`], [`fixed_clock`], [`at_unix`],
//! [`unix_secs`], [`daytime_line`], [`civil_from_unix`].

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where a server gets "now" from. Logic takes a clock instead of reading
/// the system time, so tests can stop it. Cheap to clone.
#[derive(Clone)]
pub struct Clock {
    now: Arc<dyn Fn() -> SystemTime + Send + Sync>,
    label: String,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl Clock {
    /// A clock calling `now`; `label` says what it is (transcript headers).
    pub fn from_fn(label: &str, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Clock {
            now: Arc::new(now),
            label: label.to_string(),
        }
    }

    /// The current time by this clock.
    pub fn now(&self) -> SystemTime {
        (self.now)()
    }

    /// What the clock is: `system`, `fixed <unix seconds>`, or the label given.
    pub fn describe(&self) -> &str {
        &self.label
    }
}

/// The real clock.
pub fn system_clock() -> Clock {
    Clock::from_fn("system", SystemTime::now)
}

/// A clock stopped at `unix_secs` seconds after 1970-01-01 00:00:00 UTC.
pub fn fixed_clock(unix_secs: i64) -> Clock {
    let at = at_unix(unix_secs);
    Clock::from_fn(&format!("fixed {unix_secs}"), move || at)
}

/// The instant `secs` seconds after (or, negative, before) the Unix epoch.
pub fn at_unix(secs: i64) -> SystemTime {
    let offset = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH + offset
    } else {
        UNIX_EPOCH - offset
    }
}

/// Seconds since the Unix epoch (negative before it), saturating.
pub fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `(year, month 1..=12, day 1..=31)` of the UTC day holding `unix_secs`.
pub fn civil_from_unix(unix_secs: i64) -> (i64, u32, u32) {
    // Hinnant's algorithm: shift the epoch to 0000-03-01 so leap days fall
    // at the end of each 400-year era, then split the day count.
    let z = unix_secs.div_euclid(86_400) + 719_468;
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

/// The RFC 867 reply line for `now`, in UTC, e.g.
/// `Wednesday, March 14, 2007 15:09:26-UTC\r\n`.
pub fn daytime_line(now: SystemTime) -> String {
    let secs = unix_secs(now);
    let (year, month, day) = civil_from_unix(secs);
    // 1970-01-01 was a Thursday, index 0 of WEEKDAYS.
    let weekday = WEEKDAYS[secs.div_euclid(86_400).rem_euclid(7) as usize];
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{weekday}, {} {day}, {year} {:02}:{:02}:{:02}-UTC\r\n",
        MONTHS[month as usize - 1],
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(
            daytime_line(at_unix(0)),
            "Thursday, January 1, 1970 00:00:00-UTC\r\n"
        );
        assert_eq!(
            daytime_line(at_unix(crate::daytime::TEST_TIME)),
            "Wednesday, March 14, 2007 15:09:26-UTC\r\n"
        );
        // A leap day, and the day before the epoch.
        assert_eq!(civil_from_unix(951_782_400), (2000, 2, 29));
        assert_eq!(
            daytime_line(at_unix(-1)),
            "Wednesday, December 31, 1969 23:59:59-UTC\r\n"
        );
    }

    #[test]
    fn a_fixed_clock_is_described_as_fixed() {
        assert_eq!(fixed_clock(42).describe(), "fixed 42");
        assert_eq!(fixed_clock(42).now(), at_unix(42));
        assert_eq!(system_clock().describe(), "system");
    }
}
