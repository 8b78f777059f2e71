//! The calendar (days since 1970 to a date, and the weekday), checked
//! against an independent implementation: the `httpdate` crate's, through
//! the harness's oracle. Chapters 5 and 7 print their dates with it too.

use chapter_03::calendar::{MONTH_NAMES, WEEKDAY_NAMES, civil_from_days, weekday};
use harness::daytime::oracle::{LAST_DAY, civil};
use proptest::prelude::*;

proptest! {
    /// Every day from 1970 to 9999 matches httpdate's date and weekday;
    /// before 1970, the calendar repeats every 400 years (146,097 days).
    #[test]
    fn civil_from_days_matches_httpdate(days in 0..=LAST_DAY, eras in 1i64..20) {
        let (year, month, day, name) = civil(days);
        prop_assert_eq!(civil_from_days(days), (year, month, day));
        prop_assert_eq!(&WEEKDAY_NAMES[weekday(days)][..3], name.as_str());
        let before = days - eras * 146_097;
        prop_assert_eq!(civil_from_days(before), (year - eras * 400, month, day));
        prop_assert_eq!(weekday(before), weekday(days)); // 146,097 = 7 × 20,871
    }
}

#[test]
fn month_names_are_in_calendar_order() {
    assert_eq!(MONTH_NAMES[civil_from_days(31).1 as usize - 1], "February");
}
