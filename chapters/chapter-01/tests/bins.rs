//! The chapter's programs run as processes: `url_parse` prints the seed's
//! URL unfurled (the committed `fixtures/url_parse.out`, also shown in the
//! book) and filters the conformance corpora; `dns_test` resolves through
//! the harness's fake DNS server (its one-line output is the committed
//! `fixtures/dns_test_brief.out`) and through the system resolver.

use harness::dns::dns_peer;
use harness::golden::{assert_golden, assert_matches, corpus};
use harness::peer::PeerHandle;
use harness::proc::{assert_every_help, bin};
use predicates::prelude::*;
use rstest::rstest;

#[test]
fn every_binary_has_help() {
    assert_every_help(&["dns_test", "url_parse"]);
}

#[test]
fn url_parse_unfurls_the_seed_url() {
    let out = bin("url_parse").assert().success();
    assert_golden("fixtures/url_parse.out", &out.get_output().stdout);
}

#[test]
fn url_parse_takes_any_url_and_a_relative() {
    bin("url_parse")
        .args(["ftp://[::1]:2121/pub/", "--relative", "../etc/motd"])
        .assert()
        .success()
        .stdout(predicate::str::contains("host       ::1"))
        .stdout(predicate::str::contains("-> ftp://[::1]:2121/etc/motd"));
    bin("url_parse")
        .arg("")
        .assert()
        .failure()
        .stderr(predicate::str::contains("invalid url"));
}

#[test]
fn url_parse_filters_the_corpora() {
    for (case, mode) in [("url-parse", "parse"), ("url-absolute", "absolute")] {
        for (input, expected) in corpus(format!("../../fixtures/corpus/{case}")) {
            let out = bin("url_parse")
                .args(["--corpus", mode])
                .pipe_stdin(&input)
                .unwrap()
                .assert()
                .success();
            assert_matches(expected, &out.get_output().stdout);
        }
    }
}

#[rstest]
fn dns_test_resolves_through_our_client(dns_peer: PeerHandle) {
    let server = dns_peer.addr().to_string();
    bin("dns_test")
        .args(["--server", &server, "www.workbook.test", "192.0.2.10"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "www.workbook.test\n  name   web.workbook.test\n  alias  www.workbook.test\n  ip     192.0.2.10\n  ip     2001:db8::10\n",
        ))
        .stdout(predicate::str::contains("192.0.2.10\n  name   web.workbook.test\n"));
}

#[rstest]
fn dns_test_brief_lines_match_the_fixture(dns_peer: PeerHandle) {
    let server = dns_peer.addr().to_string();
    let out = bin("dns_test")
        .args(["--server", &server, "--brief", "--stdin"])
        .pipe_stdin("fixtures/dns_names.txt")
        .unwrap()
        .assert()
        .code(1); // two of the names fail, on purpose
    assert_golden("fixtures/dns_test_brief.out", &out.get_output().stdout);
}

#[test]
fn dns_test_reports_errors_clearly() {
    bin("dns_test")
        .args(["--server", "not an address", "x.test"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("expected HOST:PORT"));
    let peer = harness::dns::start_with(harness::dns::DnsOptions::default()).unwrap();
    bin("dns_test")
        .args([
            "--server",
            &peer.addr().to_string(),
            "nowhere.workbook.test",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("host not found (NXDOMAIN)"));
}

#[test]
fn dns_test_uses_the_system_resolver_by_default() {
    bin("dns_test")
        .arg("localhost")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("host name: "))
        .stdout(predicate::str::contains("localhost\n  name   "))
        .stdout(
            predicate::str::contains("ip     127.0.0.1").or(predicate::str::contains("ip     ::1")),
        );
}

#[test]
fn url_parse_caps_its_input_lines() {
    bin("url_parse")
        .args(["--corpus", "parse"])
        .write_stdin(format!("http://a/\n{}\n", "x".repeat(70_000)))
        .assert()
        .failure()
        .stdout("{\"authority\":\"a\",\"host\":\"a\",\"path\":\"/\",\"scheme\":\"http\"}\n")
        .stderr(
            predicate::str::contains("line 2").and(predicate::str::contains("longer than 65536")),
        );
}
