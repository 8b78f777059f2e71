//! The chapter's conformance cases pass with its own programs: `dns-client`
//! with `dns_test` (run in-process through the harness's runner, against
//! the committed reference), and the URL corpora with `url_parse` (also in
//! `bins.rs`, byte for byte).

use std::time::Duration;

use conform::Session;

#[test]
fn dns_test_passes_the_dns_client_case() {
    let args = ["--server", "{dns_host}:{dns_port}", "--brief", "--stdin"];
    let report =
        Session::for_bin("dns_test", &args, Duration::from_secs(30)).assert_passes("dns-client");
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.name == "has the same outcome as the reference"),
        "the reference fixtures/reference/dns-client/expected.toml was compared"
    );
}
