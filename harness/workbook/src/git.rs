//! The one thing the workbook asks git: a file as committed in `HEAD`, which
//! is the stub as handed out unless the learner committed over it. `reset`
//! puts it back; `grade` compares learners' files with it.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The file at `rel` (relative to `root`) as committed in `HEAD` of the git
/// checkout at `root`.
pub fn head_version(root: &Path, rel: &str) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("HEAD:./{rel}")])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        bail!("{rel} is not in a git checkout's HEAD ({})", said.trim());
    }
    Ok(output.stdout)
}
