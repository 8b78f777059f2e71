//! A learner's report as JUnit XML, the format CI dashboards and learning
//! platforms import: one `<testsuite>` per exercise, one `<testcase>` per
//! test, `<failure>` for a failed assertion and `<error>` for a timeout, a
//! crash or code that did not compile, and the captured output in
//! `<system-out>`. `quick-junit` writes the XML; it escapes the text and
//! drops what XML 1.0 cannot carry (control characters and the colour codes
//! they begin), since a learner's program may print anything.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::report::{ExerciseReport, LearnerReport, Status, TestReport};

/// The whole document.
pub fn render(report: &LearnerReport) -> anyhow::Result<String> {
    let mut junit = Report::new(format!("workbook grade: {}", report.learner));
    let tests = report.exercises.iter().flat_map(|e| &e.tests);
    junit.set_time(millis(tests.map(|t| t.duration_ms).sum()));
    junit.add_test_suites(report.exercises.iter().map(suite));
    Ok(junit.to_string()?)
}

fn suite(e: &ExerciseReport) -> TestSuite {
    let mut suite = TestSuite::new(format!("chapter-{}/{}", e.chapter, e.exercise));
    suite.set_time(millis(e.tests.iter().map(|t| t.duration_ms).sum()));
    let classname = format!("chapter-{}.{}", e.chapter, e.exercise);
    if e.tests.is_empty() {
        // Nothing could be listed (the chapter did not build): one case
        // carries the error, so the exercise still shows up as failing.
        let message = e.message.as_deref().unwrap_or("no tests");
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_type("error")
            .set_message(text(first_line(message)));
        let mut case = TestCase::new("build", status);
        case.set_classname(&classname).set_time(Duration::ZERO);
        suite.add_test_case(case);
    }
    suite.add_test_cases(e.tests.iter().map(|t| case(&classname, t)));
    suite
}

fn case(classname: &str, t: &TestReport) -> TestCase {
    let kind = match t.status {
        Status::Pass => None,
        Status::Fail => Some(NonSuccessKind::Failure),
        _ => Some(NonSuccessKind::Error),
    };
    let status = match kind {
        None => TestCaseStatus::success(),
        Some(kind) => {
            let message = t.message.as_deref().unwrap_or("");
            let mut status = TestCaseStatus::non_success(kind);
            status
                .set_type(t.status.as_str())
                .set_message(text(first_line(message)))
                .set_description(text(message));
            status
        }
    };
    let mut case = TestCase::new(text(&t.name), status);
    case.set_classname(classname)
        .set_time(millis(t.duration_ms));
    if !t.output.is_empty() {
        case.set_system_out(text(&t.output));
    }
    case
}

/// `text` without the two non-characters XML 1.0 (§2.2) forbids and
/// `quick-junit` lets through.
fn text(text: &str) -> String {
    text.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::report::Submitted;

    #[test]
    fn what_a_test_printed_comes_back_without_what_xml_forbids() {
        let printed = "a<b & \"c\"\n\u{1b}[31mred\u{1b}[0m\u{7}\u{FFFF}\n";
        let test = TestReport {
            name: "x::y".into(),
            status: Status::Fail,
            message: Some("assertion failed\n  left: 1".into()),
            output: printed.into(),
            duration_ms: 1500,
        };
        let exercise = ExerciseReport {
            chapter: "06".into(),
            exercise: "x".into(),
            file: String::new(),
            submitted: Submitted::Changed,
            status: Status::Fail,
            message: None,
            tests: vec![test],
        };
        let xml = render(&LearnerReport::new("ann", vec![exercise], None)).unwrap();
        let out = "<system-out>a&lt;b &amp; &quot;c&quot;\nred\u{FFFD}\n</system-out>";
        assert!(xml.contains(out), "{xml}");
        let attributes = r#"message="assertion failed" type="fail""#;
        assert!(xml.contains(attributes), "{xml}");
        // Well-formed: it reads back.
        let back = Report::deserialize_from_str(&xml).unwrap();
        assert_eq!((back.tests, back.failures), (1, 1));
    }
}
