//! A report may be pasted anywhere, so the test accounts' passwords that
//! the mail cases hand to the program never appear in one: not in the
//! reproduce lines, and not in the program's own output that the report
//! quotes (text or JSON).

mod common;

use common::report;
use harness::mail::TEST_PASSWORD;

/// A program that prints its whole environment (passwords included) on
/// stdout and stderr, then exits.
const LEAKY: &[&str] = &["sh", "-c", "env; env >&2"];

#[test]
fn no_mail_case_report_shows_the_password() {
    for case in [
        "smtp-server",
        "pop3-server",
        "smtp-client",
        "pop3-client-headers",
    ] {
        let report = report(case, LEAKY);
        let text = report.render_plain();
        let json = serde_json::to_string(&report).unwrap();
        for shown in [&text, &json] {
            assert!(!shown.contains(TEST_PASSWORD), "{case}:\n{shown}");
        }
        // What it printed is still there, with the password hidden.
        assert!(report.stderr.contains("_PASS=<secret>"), "{case}: {json}");
        assert!(report.stdout.contains("_PASS=<secret>"), "{case}: {json}");
        assert!(
            report.reproduce.iter().any(|l| l.contains("_PASS=\"$")),
            "{case}: {text}"
        );
    }
}
