//! What the chapter's programs share on the command line: turning a result
//! into an exit status with a readable message, and seconds into timeouts.
//!
//! Layout: [`finish`], [`seconds`].

use std::process::ExitCode;
use std::time::Duration;

/// Prints `program: error: cause: cause` on stderr and exits 1, or exits 0.
pub fn finish(program: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{program}: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `secs` as a timeout; 0 means none (wait forever).
pub fn seconds(secs: f64) -> Option<Duration> {
    (secs > 0.0).then(|| Duration::from_secs_f64(secs))
}
