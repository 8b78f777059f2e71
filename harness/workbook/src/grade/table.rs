//! The classroom at a glance: one row per learner, one column per graded
//! exercise, and the summary files (`summary.txt`, `summary.csv`,
//! `summary.json`) an instructor keeps or imports into a gradebook.
//!
//! A cell says what most needs attention: `ok` (every test passed), `3/5`
//! (tests passed out of the exercise's), `-` (not started: the stub as
//! handed out, or no file), `hang` (a test hit the time limit), `crash`, or
//! `build` (the learner's file does not compile). Columns are numbered to
//! stay narrow with many exercises; a legend below names them. Grading a
//! whole course at once would still be too wide, so past `MAX_WIDTH`
//! there is one column per chapter (exercises solved out of its).

use std::fmt::Write;

use anstyle::Style;
use serde_json::json;

use super::report::{ExerciseReport, LearnerReport, Status, Submitted};
use harness::term::{DIM, FAIL, OK, WARN, paint};

/// Width of an exercise column.
const CELL: usize = 6;

/// A cell's text and its colour.
pub fn cell(e: &ExerciseReport) -> (String, Style) {
    let passed = e.tests.iter().filter(|t| t.status == Status::Pass).count();
    match e.status {
        Status::Pass => ("ok".into(), OK),
        _ if e.submitted != Submitted::Changed => ("-".into(), DIM),
        Status::Fail => (format!("{passed}/{}", e.tests.len()), FAIL),
        Status::Timeout => ("hang".into(), FAIL),
        Status::Crash => ("crash".into(), FAIL),
        Status::Error => ("build".into(), WARN),
    }
}

/// Widest table drawn with a column per exercise; past it (a whole
/// course graded at once) there is a column per chapter instead.
const MAX_WIDTH: usize = 120;

/// The table (with `color`, styled for a terminal).
pub fn render(reports: &[LearnerReport], color: bool) -> String {
    let Some(first) = reports.first() else {
        return "no learners graded\n".into();
    };
    let name_width = reports
        .iter()
        .map(|r| r.learner.len())
        .max()
        .unwrap_or(0)
        .max(7);
    if name_width + CELL * first.exercises.len() + 8 > MAX_WIDTH {
        return by_chapter(reports, name_width, color);
    }
    let mut out = format!("{:<name_width$}", "learner");
    for i in 1..=first.exercises.len() {
        let _ = write!(out, "{i:>CELL$}");
    }
    out.push_str("  solved\n");
    for r in reports {
        let _ = write!(out, "{:<name_width$}", r.learner);
        for e in &r.exercises {
            let (text, style) = cell(e);
            let padded = format!("{text:>CELL$}");
            out.push_str(&if color { paint(style, padded) } else { padded });
        }
        let _ = writeln!(out, "  {}/{}", r.totals.solved, r.totals.exercises);
    }
    out.push('\n');
    for (i, e) in first.exercises.iter().enumerate() {
        let _ = writeln!(out, "{:>3} = chapter {} {}", i + 1, e.chapter, e.exercise);
    }
    out.push_str("ok: all tests pass · n/m: tests passed · -: not started · hang: time limit · crash · build: does not compile\n");
    out
}

/// The narrow table: exercises solved out of each chapter's.
fn by_chapter(reports: &[LearnerReport], name_width: usize, color: bool) -> String {
    let mut chapters: Vec<&str> = Vec::new();
    for e in &reports[0].exercises {
        if !chapters.contains(&e.chapter.as_str()) {
            chapters.push(&e.chapter);
        }
    }
    let mut out = format!("{:<name_width$}", "learner");
    for nn in &chapters {
        let _ = write!(out, "{:>CELL$}", format!("ch{nn}"));
    }
    out.push_str("  solved\n");
    for r in reports {
        let _ = write!(out, "{:<name_width$}", r.learner);
        for nn in &chapters {
            let of = |e: &&ExerciseReport| e.chapter == *nn;
            let total = r.exercises.iter().filter(of).count();
            let solved = r
                .exercises
                .iter()
                .filter(of)
                .filter(|e| e.status == Status::Pass)
                .count();
            let style = if solved == total { OK } else { FAIL };
            let padded = format!("{:>CELL$}", format!("{solved}/{total}"));
            out.push_str(&if color { paint(style, padded) } else { padded });
        }
        let _ = writeln!(out, "  {}/{}", r.totals.solved, r.totals.exercises);
    }
    out.push_str("\nexercises solved per chapter; per exercise: summary.csv, or grade fewer chapters at once\n");
    out
}

/// One line per learner and exercise, for spreadsheets.
pub fn csv(reports: &[LearnerReport]) -> String {
    let mut out = String::from("learner,chapter,exercise,submitted,status,passed,tests\n");
    for r in reports {
        for e in &r.exercises {
            let passed = e.tests.iter().filter(|t| t.status == Status::Pass).count();
            let _ = writeln!(
                out,
                "{},{},{},{},{},{passed},{}",
                csv_field(&r.learner),
                e.chapter,
                e.exercise,
                json!(e.submitted).as_str().unwrap_or(""),
                e.status.as_str(),
                e.tests.len()
            );
        }
    }
    out
}

/// RFC 4180: quote a field holding a comma, a quote or a line end.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The summary as JSON: per learner, status, counts and each exercise's cell.
pub fn summary_json(reports: &[LearnerReport], isolation: &str) -> String {
    let learners: Vec<_> = reports
        .iter()
        .map(|r| {
            let exercises: serde_json::Map<String, serde_json::Value> = r
                .exercises
                .iter()
                .map(|e| (format!("{}/{}", e.chapter, e.exercise), json!(cell(e).0)))
                .collect();
            json!({
                "learner": r.learner,
                "status": r.status,
                "totals": r.totals,
                "exercises": exercises,
            })
        })
        .collect();
    let doc = json!({ "isolation": isolation, "learners": learners });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::report::{ExerciseReport, LearnerReport};

    fn exercise(nn: &str, status: Status) -> ExerciseReport {
        ExerciseReport {
            chapter: nn.into(),
            exercise: "x".into(),
            file: String::new(),
            submitted: Submitted::Changed,
            status,
            message: None,
            tests: Vec::new(),
        }
    }

    #[test]
    fn a_whole_course_is_summed_up_per_chapter() {
        let mut exercises = Vec::new();
        for nn in ["01", "02", "03", "04"] {
            for i in 0..6 {
                let status = if i < 2 || nn == "01" {
                    Status::Pass
                } else {
                    Status::Fail
                };
                exercises.push(exercise(nn, status));
            }
        }
        let table = render(&[LearnerReport::new("ann", exercises, None)], false);
        assert!(
            table.starts_with("learner  ch01  ch02  ch03  ch04  solved\n"),
            "{table}"
        );
        assert!(
            table.contains("ann       6/6   2/6   2/6   2/6  12/24\n"),
            "{table}"
        );
    }
}
