//! echo-server's hints name what happened: the bare-LF hint only when the
//! line ending is the one difference.

mod common;

use conform::report::Verdict;

use common::{PYTHON, program, python, report};

#[test]
fn a_reply_wrong_beyond_its_ending_gets_no_bare_lf_hint() {
    if !python() {
        return;
    }
    let server = program("echo_server.py");
    let report = report("echo-server", &[PYTHON, &server, "shout"]);
    assert_eq!(report.verdict, Verdict::Fail, "{}", report.render_plain());
    let failed = report.checks.iter().find(|c| !c.detail.is_empty());
    let detail = &failed.expect("a failed check").detail;
    assert!(
        detail.contains("expected") && !detail.contains("bare LF"),
        "{detail}"
    );
}
