//! echo-client: a failure about what the program printed shows the line
//! it printed that comes closest, not only the first differing byte.

mod common;

use conform::report::Verdict;

use common::{PYTHON, detail, program, python, report};

#[test]
fn a_misprinted_echo_shows_the_closest_printed_line() {
    if !python() {
        return;
    }
    let client = program("echo_client.py");
    let report = report(
        "echo-client",
        &[PYTHON, &client, "{host}", "{port}", "typo"],
    );
    assert_eq!(report.verdict, Verdict::Fail, "{}", report.render_plain());
    let why = detail(&report, "prints the echoed line on stdout");
    assert!(
        why.contains("the closest line it printed: \"hello, workbok\""),
        "{why}"
    );
}
