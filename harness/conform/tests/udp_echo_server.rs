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
