//! Whether a real program (an interpreter, a server) is there for a test
//! that needs it (DESIGN.md §9).
//!
//! Such a test skips with a visible message when the program is missing, and
//! fails instead when `WORKBOOK_REQUIRE_PEERS=1` (CI sets it after installing
//! them), so a missing install cannot turn into a silent pass.

use std::process::{Command, Stdio};

/// The variable that turns a skip into a failure.
pub const REQUIRE_VAR: &str = "WORKBOOK_REQUIRE_PEERS";

/// Runs `probe` (e.g. `["lua5.1", "-e", "require 'socket'"]`); true when it
/// exits with status 0. Otherwise prints a SKIPPED line naming `what` and
/// returns false, or panics when [`REQUIRE_VAR`] is `1`.
pub fn available(what: &str, probe: &[&str]) -> bool {
    let Some((cmd, args)) = probe.split_first() else {
        return false;
    };
    let ok = Command::new(cmd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let message = format!("{what} is not available (`{}` failed)", probe.join(" "));
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!("{message}, and {REQUIRE_VAR}=1 requires it");
        }
        eprintln!("SKIPPED: {message}; install it to run this test");
    }
    ok
}
