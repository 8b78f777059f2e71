//! `web_bench` run briefly (one round of one second, a few connections):
//! it must finish, report in JSON, and leave no process behind — neither
//! our server children, nor nginx's master or workers, nor wrk. Its figures
//! mean nothing at this size and are not looked at.
//!
//! wrk is a real peer (DESIGN.md §9): without it the test skips, or fails
//! under `WORKBOOK_REQUIRE_PEERS=1`; without nginx, nginx is left out.

use harness::proc::{bin, groups_with_survivors};
use harness::real::available;

#[test]
fn web_bench_leaves_no_process_behind() {
    if !available("wrk", &["sh", "-c", "command -v wrk"]) {
        return;
    }
    let mut args = vec![
        "--seconds",
        "1",
        "--rounds",
        "1",
        "--connections",
        "4",
        "--threads",
        "1",
        "--allow-busy",
        "--json",
    ];
    if !available("nginx", &["nginx", "-v"]) {
        args.push("--without-nginx");
    }
    let out = bin("web_bench").args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "web_bench failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["leftovers"], serde_json::json!([]), "{report:#}");
    let groups: Vec<u32> = serde_json::from_value(report["process_groups"].clone()).unwrap();
    // threads, pool and poll, and nginx.
    let expected = if args.contains(&"--without-nginx") {
        3
    } else {
        4
    };
    assert_eq!(
        groups.len(),
        expected,
        "three engines (and nginx): {report:#}"
    );
    if let Some(left) = groups_with_survivors(&groups) {
        assert!(left.is_empty(), "process groups still alive: {left:?}");
    }
    assert!(report["load_before"].is_number() || !cfg!(target_os = "linux"));
    assert_eq!(
        report["results"].as_array().map(Vec::len),
        Some(expected * 2)
    );
}
