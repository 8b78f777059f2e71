//! udp-echo-server compares echoes as UDP delivers them: in any order.

mod common;

use conform::report::Verdict;

use common::{PYTHON, assert_verdict, program, python, report};

#[test]
fn a_server_echoing_two_datagrams_in_the_other_order_passes() {
    if !python() {
        return;
    }
    let server = program("udp_echo_server.py");
    let report = report("udp-echo-server", &[PYTHON, &server]);
    assert_verdict(&report, Verdict::Pass, &[]);
}

/// A server that stops answering gets a timeout that names the limit,
/// without the line-ending guess of the TCP hint.
#[test]
fn a_silent_server_fails_with_a_timeout_naming_the_limit() {
    if !python() {
        return;
    }
    let server = program("udp_echo_server.py");
    let argv = [PYTHON, server.as_str(), "probe-only"];
    let session = conform::Session::for_test(&argv, std::time::Duration::from_secs(4));
    let report = session.report("udp-echo-server");
    let name = "echoes a 19-byte datagram to client-1";
    assert!(
        report.failed_checks().contains(&name),
        "{}",
        report.render_plain()
    );
    let why = common::detail(&report, name);
    assert!(
        why.contains("no datagram came back: the case's time limit ran out")
            && !why.contains("line ending"),
        "{why}"
    );
}

/// UDP may lose a datagram (RFC 768): the harness sends it again, and a
/// server whose first copy was lost still passes.
#[test]
fn a_lost_datagram_is_sent_again() {
    if !python() {
        return;
    }
    let server = program("udp_echo_server.py");
    let report = report("udp-echo-server", &[PYTHON, &server, "drop-once"]);
    assert_verdict(&report, Verdict::Pass, &[]);
}
