//! A learner's report as JUnit XML, the format CI dashboards and learning
//! platforms import: one `<testsuite>` per exercise, one `<testcase>` per
//! test, `<failure>` for a failed assertion and `<error>` for a timeout, a
//! crash or code that did not compile, and the captured output in
//! `<system-out>`.
//!
//! XML 1.0 cannot carry most control characters even escaped, and a
//! learner's program may print anything, so text is escaped and any
//! character XML forbids becomes U+FFFD.

use std::fmt::Write;

use super::report::{ExerciseReport, LearnerReport, Status, TestReport};

/// The whole document.
pub fn render(report: &LearnerReport) -> anyhow::Result<String> {
    let t = &report.totals;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"workbook grade: {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">",
        escape(&report.learner),
        t.tests,
        t.failed,
        t.timed_out + t.crashed + t.errors,
        seconds(
            report
                .exercises
                .iter()
                .flat_map(|e| &e.tests)
                .map(|t| t.duration_ms)
                .sum()
        ),
    );
    for exercise in &report.exercises {
        suite(&mut xml, exercise);
    }
    xml.push_str("</testsuites>\n");
    Ok(xml)
}

fn suite(xml: &mut String, e: &ExerciseReport) {
    let count = |s: &[Status]| e.tests.iter().filter(|t| s.contains(&t.status)).count();
    let _ = writeln!(
        xml,
        "  <testsuite name=\"chapter-{}/{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">",
        e.chapter,
        escape(&e.exercise),
        e.tests.len(),
        count(&[Status::Fail]),
        count(&[Status::Timeout, Status::Crash, Status::Error]),
        seconds(e.tests.iter().map(|t| t.duration_ms).sum()),
    );
    if e.tests.is_empty() {
        // Nothing could be listed (the chapter did not build): one case
        // carries the error, so the exercise still shows up as failing.
        let _ = writeln!(
            xml,
            "    <testcase classname=\"chapter-{}.{}\" name=\"build\" time=\"0\">",
            e.chapter,
            escape(&e.exercise)
        );
        let message = e.message.as_deref().unwrap_or("no tests");
        let _ = writeln!(
            xml,
            "      <error type=\"error\" message=\"{}\"/>",
            escape(first_line(message))
        );
        xml.push_str("    </testcase>\n");
    }
    for t in &e.tests {
        case(xml, e, t);
    }
    xml.push_str("  </testsuite>\n");
}

fn case(xml: &mut String, e: &ExerciseReport, t: &TestReport) {
    let _ = write!(
        xml,
        "    <testcase classname=\"chapter-{}.{}\" name=\"{}\" time=\"{}\"",
        e.chapter,
        escape(&e.exercise),
        escape(&t.name),
        seconds(t.duration_ms)
    );
    if t.status == Status::Pass && t.output.is_empty() {
        xml.push_str("/>\n");
        return;
    }
    xml.push_str(">\n");
    let message = t.message.as_deref().unwrap_or("");
    let element = match t.status {
        Status::Pass => None,
        Status::Fail => Some("failure"),
        _ => Some("error"),
    };
    if let Some(element) = element {
        let _ = writeln!(
            xml,
            "      <{element} type=\"{}\" message=\"{}\">{}</{element}>",
            t.status.as_str(),
            escape(first_line(message)),
            escape_text(message)
        );
    }
    if !t.output.is_empty() {
        let _ = writeln!(
            xml,
            "      <system-out>{}</system-out>",
            escape_text(&t.output)
        );
    }
    xml.push_str("    </testcase>\n");
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// Escapes an attribute value (line ends too, or parsers fold them to spaces).
pub fn escape(text: &str) -> String {
    escape_as(text, true)
}

/// Escapes element text (line ends stay, for readable output).
pub fn escape_text(text: &str) -> String {
    escape_as(text, false)
}

fn escape_as(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if !attribute => out.push('\n'),
            '\t' if !attribute => out.push('\t'),
            '\n' | '\t' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            // XML 1.0 §2.2: no other C0 control, no FFFE/FFFF.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_markup_and_replaces_what_xml_forbids() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1b}[31m"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}[31m"
        );
        assert_eq!(escape_text("x\ny\r"), "x\ny&#13;");
    }
}
