//! `engines_bench` run briefly (50 connections, 3 round trips, one round):
//! it must finish, report in JSON, and leave none of its server processes
//! behind. The figures mean nothing at this size and are not looked at.
//!
//! The benchmark is an example; `cargo test` builds examples next to the
//! test binaries (`target/<profile>/examples/`). When it was not built (a
//! `cargo test --test bench` alone), the test skips and says so.

use std::path::PathBuf;
use std::process::Command;

use harness::proc::groups_with_survivors;
use harness::real::skip;

fn example() -> Option<PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let path = deps
        .parent()?
        .join("examples")
        .join(format!("engines_bench{}", std::env::consts::EXE_SUFFIX));
    path.is_file().then_some(path)
}

#[test]
fn engines_bench_leaves_no_process_behind() {
    let Some(path) = example() else {
        skip("the engines_bench example is not built (run the whole `cargo test -p chapter-04`)");
        return;
    };
    let out = Command::new(&path)
        .args(["--conns", "50", "--trips", "3", "--rounds", "1"])
        .args(["--allow-busy", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "engines_bench failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["leftovers"], serde_json::json!([]), "{report:#}");
    let groups: Vec<u32> = serde_json::from_value(report["process_groups"].clone()).unwrap();
    assert_eq!(groups.len(), 4, "one server per engine: {report:#}");
    if let Some(left) = groups_with_survivors(&groups) {
        assert!(left.is_empty(), "process groups still alive: {left:?}");
    }
    assert_eq!(report["results"].as_array().map(Vec::len), Some(4));
}
