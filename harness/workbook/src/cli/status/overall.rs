//! The overall progress line of `workbook status`, and how estimates read.
//!
//! `Progress: [########------------] 18/46 exercises (39%), about 20 h to go`:
//! a bar of [`WIDTH`] cells, the count, the share, and the estimated time of
//! the exercises left (each exercise's `minutes` in `exercises.toml`). The
//! bar is drawn in blocks on a colour terminal and in `#` and `-` elsewhere
//! (a pipe, a CI log, `NO_COLOR`), so what tests and logs keep is plain
//! ASCII and does not depend on where it ran.
//!
//! Layout: [`progress_line`] and its bar; [`duration`] and [`estimate`];
//! [`fancy`], which decides the drawing; the unit tests.

use std::io::IsTerminal;

use harness::term::{DIM, OK, paint};

/// Cells in the bar: fine enough to move with each exercise or two.
pub const WIDTH: usize = 20;

/// The progress line for `solved` of `total` exercises with `minutes_left`
/// of estimated work to go, drawn in blocks and colour when `fancy`.
pub fn progress_line(solved: usize, total: usize, minutes_left: u32, fancy: bool) -> String {
    let percent = solved * 100 / total.max(1);
    let mut line = format!(
        "Progress: [{}] {solved}/{total} exercises ({percent}%)",
        bar(solved, total, fancy)
    );
    if minutes_left > 0 {
        line.push_str(&format!(", about {} to go", duration(minutes_left)));
    }
    line
}

/// The bar's cells: rounded to the nearest cell, but full only when all
/// are solved and empty only when none is, so a glance never misleads.
fn bar(solved: usize, total: usize, fancy: bool) -> String {
    let rounded = (solved * WIDTH + total / 2) / total.max(1);
    let filled = match solved {
        0 => 0,
        s if s >= total => WIDTH,
        _ => rounded.clamp(1, WIDTH - 1),
    };
    let (full, empty) = if fancy { ("█", "░") } else { ("#", "-") };
    let (full, empty) = (full.repeat(filled), empty.repeat(WIDTH - filled));
    if fancy {
        format!("{}{}", paint(OK, full), paint(DIM, empty))
    } else {
        format!("{full}{empty}")
    }
}

/// `45 min`, `2 h`, `20 h 5 min`.
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// One exercise's estimate as the status lists it: `~45 min`.
pub fn estimate(minutes: u32) -> String {
    format!("~{minutes} min")
}

/// Whether to draw in blocks and colour: stdout is a terminal and
/// `NO_COLOR` is not set (to anything but the empty string, as
/// <https://no-color.org> has it).
pub fn fancy() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    std::io::stdout().is_terminal() && !no_color
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_line_is_ascii_with_count_share_and_time_left() {
        assert_eq!(
            progress_line(18, 46, 1205, false),
            "Progress: [########------------] 18/46 exercises (39%), about 20 h 5 min to go"
        );
        assert_eq!(
            progress_line(0, 46, 2100, false),
            "Progress: [--------------------] 0/46 exercises (0%), about 35 h to go"
        );
        assert_eq!(
            progress_line(46, 46, 0, false),
            "Progress: [####################] 46/46 exercises (100%)"
        );
        assert!(progress_line(18, 46, 1205, false).is_ascii());
    }

    #[test]
    fn the_bar_is_full_only_when_all_are_solved_and_empty_only_when_none() {
        let cells = |solved, total| bar(solved, total, false).matches('#').count();
        assert_eq!(cells(45, 46), WIDTH - 1, "one left is not done");
        assert_eq!(cells(1, 46), 1, "one solved shows");
        assert_eq!(cells(23, 46), WIDTH / 2);
        assert_eq!(cells(0, 0), 0, "no exercises yet");
        for solved in 0..=46 {
            assert_eq!(bar(solved, 46, false).len(), WIDTH);
        }
    }

    #[test]
    fn the_fancy_bar_has_blocks_and_the_same_length() {
        let fancy = anstream::adapter::strip_str(&bar(18, 46, true)).to_string();
        assert_eq!(fancy, format!("{}{}", "█".repeat(8), "░".repeat(12)));
    }

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(1205), "20 h 5 min");
        assert_eq!(estimate(15), "~15 min");
    }
}
