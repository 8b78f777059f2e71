//! inetd-echo: a service written as the seed's echo.lua (the line's CR
//! kept before its own CRLF) passes with a warning that names the rule and
//! the seed's behaviour.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, detail, program, python, report};

#[test]
fn an_echo_keeping_the_cr_as_the_seed_does_passes_with_a_warning() {
    if !python() {
        return;
    }
    let service = program("stdio_echo.py");
    let report = report("inetd-echo", &[PYTHON, &service]);
    let name = "echoes \"first line\\r\\n\" on client-1";
    assert_verdict(
        &report,
        Verdict::PassWithWarnings,
        &[&format!("NON-STRICT {name}")],
    );
    let why = detail(&report, name);
    assert!(
        why.contains("RFC 5198") && why.contains("echo.lua"),
        "{why}"
    );
}
