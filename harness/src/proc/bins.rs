//! A package's programs that run and end, as assert_cmd commands with a
//! time limit, and the check that every one answers `--help`.
//!
//! # Layout
//! [`BIN_LIMIT`], [`bin`], [`assert_every_help`].

use std::time::Duration;

/// Longest run of a program started with [`bin`] (generous: some write
/// large files or wait on slow peers), after which assert_cmd kills it and
/// the test fails instead of hanging.
pub const BIN_LIMIT: Duration = Duration::from_secs(60);

/// The package's binary `name` (built by cargo for the test) as an
/// assert_cmd command, killed after [`BIN_LIMIT`].
///
/// # Panics
/// When cargo did not build such a binary.
pub fn bin(name: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin(name)
        .unwrap_or_else(|e| panic!("no binary {name} in this package: {e}"));
    cmd.timeout(BIN_LIMIT);
    cmd
}

/// Checks that every program in `names` answers `--help` with a usage.
///
/// # Panics
/// On the first one that does not, saying which.
pub fn assert_every_help(names: &[&str]) {
    for name in names {
        let out = bin(name)
            .arg("--help")
            .output()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("Usage"),
            "{name} --help: {}\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Whether any process is left in each of the process groups `groups`
/// (Unix: `kill(-group, 0)` answers ESRCH when none is): the groups that
/// still have members. Benchmarks list the groups they started, so a test
/// can check that nothing outlived them. `None` off Unix, which has no
/// process groups to ask about.
pub fn groups_with_survivors(groups: &[u32]) -> Option<Vec<u32>> {
    #[cfg(unix)]
    {
        use rustix::process::{Pid, test_kill_process_group};
        let alive = |g: &u32| {
            i32::try_from(*g)
                .ok()
                .and_then(Pid::from_raw)
                .is_some_and(|pid| test_kill_process_group(pid).is_ok())
        };
        Some(groups.iter().copied().filter(alive).collect())
    }
    #[cfg(not(unix))]
    {
        let _ = groups;
        None
    }
}
