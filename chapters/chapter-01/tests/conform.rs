//! The chapter's conformance cases pass with its own programs: `dns-client`
//! with `dns_test` (run in-process through the harness's runner, against
//! the committed reference), and the URL corpora with `url_parse` (also in
//! `bins.rs`, byte for byte).

use std::time::Duration;

use conform::cases::dns_client::DnsClient;
use conform::runner::{Mode, run};
use conform::{Grade, Session};

#[test]
fn dns_test_passes_the_dns_client_case() {
    let dns_test = assert_cmd::cargo::cargo_bin("dns_test");
    let argv = [
        dns_test.to_str().unwrap(),
        "--server",
        "{dns_host}:{dns_port}",
        "--brief",
        "--stdin",
    ];
    let session = Session::for_test(&argv, Duration::from_secs(30));
    let report = run(&DnsClient, &session, Mode::Compare).unwrap();
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.grade == Grade::Failed)
        .collect();
    assert!(
        failed.is_empty(),
        "failed checks: {failed:#?}\ndiff: {:?}",
        report.diff
    );
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.name == "has the same outcome as the reference"),
        "the reference fixtures/reference/dns-client/expected.toml was compared"
    );
}
