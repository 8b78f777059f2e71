//! pop3-client-headers: headers printed as they stand pass (decoding them
//! is a SHOULD, beyond the seed's program); a wrong line fails and the
//! report shows the closest line the program printed.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, detail, program, python, report};

fn run(mode: &str) -> Option<conform::report::Report> {
    if !python() {
        return None;
    }
    let client = program("pop3_client.py");
    Some(report("pop3-client-headers", &[PYTHON, &client, mode]))
}

#[test]
fn a_client_decoding_headers_passes() {
    let Some(report) = run("decoded") else { return };
    assert_verdict(&report, Verdict::Pass, &[]);
}

#[test]
fn a_client_printing_headers_as_they_stand_passes_with_warnings() {
    let Some(report) = run("raw") else { return };
    let expected = [
        "NON-STRICT prints message 1's Subject decoded and unfolded",
        "NON-STRICT prints message 1's From decoded and unfolded",
    ];
    assert_verdict(&report, Verdict::PassWithWarnings, &expected);
    let why = detail(&report, "prints message 1's Subject decoded and unfolded");
    let closest =
        "the closest line it printed: \"Subject: =?UTF-8?B?SWxsIG1ldCBieSBtb29ubGlnaHQs?=\"";
    assert!(
        why.contains("RFC 2047 §6") && why.contains(closest),
        "{why}"
    );
}

#[test]
fn a_client_printing_a_wrong_subject_fails_showing_what_it_printed() {
    let Some(report) = run("wrong") else { return };
    let why = detail(&report, "prints message 3's Subject");
    assert!(
        why.contains("the closest line it printed: \"Subject: Short and swaat\""),
        "{why}"
    );
    assert!(
        report.stdout.contains("Subject: Short and swaat"),
        "{}",
        report.stdout
    );
}
