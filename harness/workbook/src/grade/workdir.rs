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

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use conform::Running;
use harness::workspace::Workspace;

/// Largest exercise file taken from a checkout.
pub const MAX_EXERCISE_FILE: u64 = 1 << 20;
/// Characters of compiler output kept per exercise.
const COMPILER_MESSAGE_CAP: usize = 8 * 1024;
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

/// One compiler error, with the source files its spans point into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// As rustc rendered it.
    pub rendered: String,
    /// `file:line` of every span, the error's and its notes'.
    pub spans: Vec<(String, usize)>,
}

/// What building a chapter's `exercises` target gave.
#[derive(Debug)]
pub enum Build {
    /// The test executable.
    Built(PathBuf),
    /// Compiler errors.
    Errors(Vec<CompileError>),
    /// Cargo failed without a compiler error (or ran out of time).
    Failed(String),
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
        // Cargo prints a JSON line for every crate; only ours matter, so
        // they are picked out as they come rather than all kept.
        let (reader, writer) = std::io::pipe().context("cannot create a pipe for cargo")?;
        cmd.stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped());
        let running =
            Running::spawn_command(cmd, limit).context("cannot run cargo (is it on your PATH?)")?;
        let messages = std::thread::spawn(move || parse_messages(reader));
        let run = running.wait();
        if run.timed_out {
            return Ok(Build::Failed(format!(
                "the build took longer than {} s",
                limit.as_secs()
            )));
        }
        let (exe, errors) = messages
            .join()
            .map_err(|_| anyhow::anyhow!("reading cargo's messages failed"))?;
        Ok(match exe {
            Some(exe) if run.success() => Build::Built(exe),
            _ if !errors.is_empty() => Build::Errors(errors),
            _ => Build::Failed(tail(&String::from_utf8_lossy(&run.stderr))),
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
    use std::os::fd::AsRawFd;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(".lock");
    let file = std::fs::File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    // SAFETY: flock on a descriptor we own; the lock goes with the file.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        bail!(
            "{} is in use by another `workbook grade`; wait for it to finish or give this one its own --work-dir",
            dir.display()
        );
    }
    Ok(file)
}

/// Reads cargo's JSON messages: the `exercises` executable and the errors.
fn parse_messages(stdout: impl Read) -> (Option<PathBuf>, Vec<CompileError>) {
    let mut exe = None;
    let mut errors = Vec::new();
    let lines = BufReader::new(stdout).lines().map_while(Result::ok);
    for value in lines.filter_map(|l| serde_json::from_str::<Value>(&l).ok()) {
        match value["reason"].as_str() {
            Some("compiler-artifact") if value["target"]["name"] == "exercises" => {
                if let Some(path) = value["executable"].as_str() {
                    exe = Some(PathBuf::from(path));
                }
            }
            Some("compiler-message") if value["message"]["level"] == "error" => {
                let message = &value["message"];
                let mut spans = Vec::new();
                collect_spans(message, &mut spans);
                errors.push(CompileError {
                    rendered: message["rendered"].as_str().unwrap_or("").to_owned(),
                    spans,
                });
            }
            _ => {}
        }
    }
    (exe, errors)
}

/// The spans of a diagnostic and of its children (the "defined here" notes
/// point at the learner's file when a test calls it with the wrong types).
fn collect_spans(message: &Value, spans: &mut Vec<(String, usize)>) {
    for span in message["spans"].as_array().into_iter().flatten() {
        if let (Some(file), Some(line)) = (span["file_name"].as_str(), span["line_start"].as_u64())
        {
            spans.push((file.to_owned(), line as usize));
        }
    }
    for child in message["children"].as_array().into_iter().flatten() {
        collect_spans(child, spans);
    }
}

/// Joins rendered errors, capped.
pub fn render_errors<'a>(errors: impl Iterator<Item = &'a CompileError>) -> String {
    let mut text = String::from("does not compile:\n");
    for e in errors {
        text.push_str(e.rendered.trim_end());
        text.push('\n');
    }
    cap(text, COMPILER_MESSAGE_CAP)
}

/// Keeps the first `max` bytes of `text` (on a character boundary), with
/// a note of how much was cut.
pub fn cap(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let kept = head(&text, max);
    let dropped = text.len() - kept.len();
    format!("{kept}\n[... {dropped} more bytes cut by workbook grade]\n")
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn head(text: &str, max: usize) -> &str {
    let mut cut = max.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(20);
    lines[from..].join("\n")
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
    fn finds_the_executable_and_the_files_errors_point_into() {
        let stdout = [
            r#"{"reason":"compiler-message","message":{"level":"warning","rendered":"w","spans":[],"children":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0308]","spans":[{"file_name":"chapters/chapter-06/tests/exercises.rs","line_start":20}],"children":[{"spans":[{"file_name":"chapters/chapter-06/src/exercises/rot13.rs","line_start":3}],"children":[]}]}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"exercises"},"executable":"/t/exercises-1"}"#,
            "not json",
        ]
        .join("\n");
        let (exe, errors) = parse_messages(stdout.as_bytes());
        assert_eq!(exe, Some(PathBuf::from("/t/exercises-1")));
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].spans,
            [
                ("chapters/chapter-06/tests/exercises.rs".to_owned(), 20),
                ("chapters/chapter-06/src/exercises/rot13.rs".to_owned(), 3)
            ]
        );
    }

    #[test]
    fn a_work_dir_in_use_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let err = lock(dir.path()).unwrap_err().to_string();
        assert!(err.contains("in use by another `workbook grade`"), "{err}");
        drop(held);
        lock(dir.path()).unwrap();
    }

    #[test]
    fn caps_on_a_character_boundary() {
        let capped = cap("héllo".repeat(10), 2);
        assert!(capped.starts_with('h') && capped.contains("more bytes cut"));
    }
}
