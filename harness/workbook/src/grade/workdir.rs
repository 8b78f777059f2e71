//! The grading copy of the workbook: the instructor's sources without the
//! reference solutions, into which each learner's exercise files are put
//! in turn, and the builds of its `exercises` test targets.
//!
//! Only exercise files come from a learner: their tests, `Cargo.toml`s and
//! dependencies are the instructor's, so nobody passes by editing a test,
//! and with `solutions/` absent no build can use a reference solution.
//!
//! All learners are built in the same copy with the same target directory,
//! one after another: the harness and the dependencies compile once, and
//! each learner recompiles only the chapter crates. That is sound because
//! every exercise file is rewritten for every learner, so its modification
//! time is newer than the last build's and cargo rebuilds it (cargo decides
//! freshness by modification time, see `workspace::copies_target_dir`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::compile::{Build, Found};
use crate::cargo_test::run_cargo;
use harness::workspace::Workspace;

/// Largest exercise file taken from a checkout.
pub const MAX_EXERCISE_FILE: u64 = 1 << 20;
/// What is copied from the instructor's workbook (never `solutions/`).
const COPIED: [&str; 6] = [
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    "harness",
    "chapters",
    "fixtures",
];

/// The grading copy and its target directory.
#[derive(Debug)]
pub struct WorkDir {
    /// The copy of the workbook.
    pub ws: Workspace,
    target: PathBuf,
    /// Held for as long as the copy is in use (see [`WorkDir::prepare`]).
    _lock: std::fs::File,
}

impl WorkDir {
    /// Copies `instructor`'s sources into `dir/workbook` afresh. A second
    /// `grade` with the same `dir` would rewrite the files under the first
    /// one's builds, so `dir/.lock` is locked first and a busy directory
    /// is an error rather than a corrupted grading.
    pub fn prepare(instructor: &Workspace, dir: &Path) -> Result<WorkDir> {
        let lock = lock(dir)?;
        let copy = dir.join("workbook");
        if copy.exists() {
            std::fs::remove_dir_all(&copy)
                .with_context(|| format!("cannot clear {}", copy.display()))?;
        }
        for name in COPIED {
            let from = instructor.root.join(name);
            if from.exists() {
                copy_tree(&from, &copy.join(name))?;
            }
        }
        Ok(WorkDir {
            ws: Workspace::at(&copy)?,
            target: dir.join("target"),
            _lock: lock,
        })
    }

    /// Writes `content` as the exercise file `rel` (relative to the root).
    pub fn put(&self, rel: &str, content: &[u8]) -> Result<()> {
        let path = self.ws.root.join(rel);
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Fetches the dependencies once (with the network), so the builds can
    /// then run `--offline`.
    pub fn fetch(&self) -> Result<()> {
        let out = self
            .cargo()
            .args(["fetch", "--locked"])
            .stdin(Stdio::null())
            .output()
            .context("cannot run cargo (is it on your PATH?)")?;
        if !out.status.success() {
            bail!(
                "`cargo fetch` failed in the grading copy:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// Builds chapter `nn`'s `exercises` test target.
    pub fn build(&self, nn: &str, limit: Duration) -> Result<Build> {
        let mut cmd = self.cargo();
        cmd.args(["test", "--no-run", "--offline", "--locked"]);
        cmd.args(["-p", &format!("chapter-{nn}"), "--test", "exercises"]);
        cmd.args(["--message-format", "json"]);
        // Cargo sends a message for every crate; only ours matter, so they
        // are picked out as they come rather than all kept.
        let mut found = Found::default();
        let run = run_cargo(cmd, limit, &mut |message| found.take(message))?;
        if run.timed_out {
            return Ok(Build::Failed(format!(
                "the build took longer than {} s",
                limit.as_secs()
            )));
        }
        Ok(match found.exe {
            Some(exe) if run.success() => Build::Built(exe),
            _ if !found.errors.is_empty() => Build::Errors(found.errors),
            _ => Build::Failed(found.tail.join("\n")),
        })
    }

    fn cargo(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(&self.ws.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            // The grading copy is not the instructor's checkout: nothing
            // the instructor set for their own builds applies here.
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        cmd
    }
}

/// Takes the exclusive lock on `dir/.lock` without waiting.
fn lock(dir: &Path) -> Result<std::fs::File> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(".lock");
    // The lock goes with the file: closed, or the process gone, it is free.
    match try_lock(&path).with_context(|| format!("cannot create {}", path.display()))? {
        Some(file) => Ok(file),
        None => bail!(
            "{} is in use by another `cargo workbook grade`; wait for it to finish or give this one its own --work-dir",
            dir.display()
        ),
    }
}

/// The file, locked (`flock`); `None` if someone else holds the lock.
#[cfg(unix)]
fn try_lock(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    let file = std::fs::File::create(path)?;
    let locked = rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive);
    Ok(locked.is_ok().then_some(file))
}

/// Windows: the file opened with no sharing, so another open fails with a
/// sharing violation while this handle is open; `None` then.
#[cfg(windows)]
fn try_lock(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    use std::os::windows::fs::OpenOptionsExt;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    let mut options = std::fs::OpenOptions::new();
    options
        .write(true)
        .create(true)
        .truncate(false)
        .share_mode(0);
    match options.open(path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) => Ok(None),
        Err(e) => Err(e),
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    if from.is_file() {
        let parent = to.parent().unwrap_or(to);
        std::fs::create_dir_all(parent)
            .and_then(|()| std::fs::copy(from, to))
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        return Ok(());
    }
    let walk = walkdir::WalkDir::new(from).into_iter().filter_entry(|e| {
        // Learners' checkouts or builds parked inside the instructor's
        // tree must not be copied along.
        let name = e.file_name();
        e.depth() == 0 || (name != "target" && name != ".git")
    });
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let dest = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
        } else {
            std::fs::copy(entry.path(), &dest).map(drop)
        }
        .with_context(|| {
            format!(
                "cannot copy {} to {}",
                entry.path().display(),
                dest.display()
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_dir_in_use_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let err = lock(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("in use by another `cargo workbook grade`"),
            "{err}"
        );
        drop(held);
        lock(dir.path()).unwrap();
    }
}
