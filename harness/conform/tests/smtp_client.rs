//! smtp-client checks the message against the addresses it gave the
//! program (SMTP_FROM, SMTP_TO, SMTP_CC, SMTP_BCC), and says which.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, detail, program, python, report};

#[test]
fn a_client_using_the_documented_variables_passes() {
    if !python() {
        return;
    }
    let client = program("smtp_client.py");
    let report = report("smtp-client", &[PYTHON, &client]);
    assert_verdict(&report, Verdict::Pass, &[]);
}

#[test]
fn a_client_leaving_out_cc_fails_naming_the_variable() {
    if !python() {
        return;
    }
    let client = program("smtp_client.py");
    let report = report("smtp-client", &[PYTHON, &client, "no-cc"]);
    let name = "Cc: names every SMTP_CC address";
    assert_verdict(&report, Verdict::Fail, &[&format!("FAILED {name}")]);
    let why = detail(&report, name);
    assert!(why.contains("SMTP_CC is william@globe.example"), "{why}");
}

#[test]
fn a_message_with_bare_lf_fails_naming_the_rule_and_the_seeds_library() {
    if !python() {
        return;
    }
    let client = program("smtp_client.py");
    let report = report("smtp-client", &[PYTHON, &client, "lf"]);
    let name = "ends every line with CRLF";
    assert!(
        common::not_ok(&report).contains(&format!("FAILED {name}")),
        "{}",
        report.render_plain()
    );
    let why = detail(&report, name);
    assert!(
        why.contains("after DATA") && why.contains("RFC 5321 §2.3.8") && why.contains("smtp.send"),
        "{why}"
    );
}
