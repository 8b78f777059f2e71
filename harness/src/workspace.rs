//! Finding the workbook's repository root and its chapters.
//!
//! The `workbook` command may be run from any directory inside the repository
//! (or pointed elsewhere with `--root`, which is how the tests check copies of
//! the workbook). The root is the nearest ancestor whose `Cargo.toml` lists the
//! `harness` and chapter crates as members.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The chapters of the workbook, as two-digit numbers (`"01"` ..= `"09"`).
pub const CHAPTERS: [&str; 9] = ["01", "02", "03", "04", "05", "06", "07", "08", "09"];

/// A workbook checkout on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The repository root (the directory holding the workspace `Cargo.toml`).
    pub root: PathBuf,
}

impl Workspace {
    /// Uses `root` as the workspace root, checking that it looks like one.
    pub fn at(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        if !is_workbook_root(&root) {
            bail!(
                "{} is not a workbook checkout (no Cargo.toml with the harness and chapters/ as members)",
                root.display()
            );
        }
        Ok(Self { root })
    }

    /// Finds the root by walking up from `start`; then from this crate's own
    /// source location, so `cargo workbook` works from anywhere.
    pub fn discover(start: &Path) -> Result<Self> {
        let compiled_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        start
            .ancestors()
            .chain(compiled_in.ancestors())
            .find(|dir| is_workbook_root(dir))
            .map(|dir| Self {
                root: dir.to_path_buf(),
            })
            .with_context(|| format!("no workbook checkout found above {}", start.display()))
    }

    /// The directory of chapter `nn` (`"06"`): `chapters/chapter-06`.
    pub fn chapter_dir(&self, nn: &str) -> PathBuf {
        self.root.join("chapters").join(format!("chapter-{nn}"))
    }

    /// The directory of chapter `nn`'s reference solutions: `solutions/chapter-06`.
    pub fn solutions_dir(&self, nn: &str) -> PathBuf {
        self.root.join("solutions").join(format!("chapter-{nn}"))
    }

    /// Where `workbook book` writes the rendered book: `target/book`.
    pub fn book_out_dir(&self) -> PathBuf {
        self.root.join("target").join("book")
    }

    /// `fixtures/stubs/chapter-NN`: chapter `nn`'s exercise stubs as handed
    /// out. The learner edits `src/exercises/`; these stay as they are, so
    /// `reset`, `grade` and the book always have the original.
    pub fn stubs_dir(&self, nn: &str) -> PathBuf {
        self.fixtures_dir()
            .join("stubs")
            .join(format!("chapter-{nn}"))
    }

    /// The `fixtures/` directory.
    pub fn fixtures_dir(&self) -> PathBuf {
        self.root.join("fixtures")
    }

    /// Copies the checkout's sources into `dest` (everything but `target/`
    /// and `.git/`), so tests can change a copy of the workbook (`verify`
    /// on a broken stub, `solution` on an untouched one) without touching this one.
    pub fn copy_sources(&self, dest: &Path) -> Result<Workspace> {
        let entries = walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_entry(|e| {
                e.depth() != 1 || (e.file_name() != "target" && e.file_name() != ".git")
            });
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", self.root.display()))?;
            let to = dest.join(entry.path().strip_prefix(&self.root)?);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to)
            } else {
                std::fs::copy(entry.path(), &to).map(drop)
            }
            .with_context(|| {
                format!("cannot copy {} to {}", entry.path().display(), to.display())
            })?;
        }
        Workspace::at(dest)
    }

    /// [`copy_sources`](Self::copy_sources), with every exercise put back
    /// to its stub as handed out: a test that works on a copy then does
    /// the same whether the learner has solved, half-written or broken
    /// exercises in this checkout.
    pub fn copy_as_handed_out(&self, dest: &Path) -> Result<Workspace> {
        let copy = self.copy_sources(dest)?;
        for nn in CHAPTERS {
            let Ok(stubs) = std::fs::read_dir(self.stubs_dir(nn)) else {
                continue;
            };
            let exercises = copy.chapter_dir(nn).join("src").join("exercises");
            for stub in stubs {
                let stub =
                    stub.with_context(|| format!("cannot list the stubs of chapter {nn}"))?;
                let to = exercises.join(stub.file_name());
                std::fs::copy(stub.path(), &to)
                    .with_context(|| format!("cannot put back {}", to.display()))?;
            }
        }
        Ok(copy)
    }
}

/// The cargo target directory for builds of temporary copies of the workbook
/// (the tests of `verify`, `solution` and `watch` run cargo in such copies).
///
/// It must not be the checkout's own target directory: cargo names the
/// artifacts of path packages by their path relative to the workspace root, so
/// a copy's build would overwrite the checkout's artifacts, and a later build
/// of the checkout could take the copy's (for instance a stub replaced by its
/// solution) as up to date. Pass an integration test's `CARGO_TARGET_TMPDIR`.
pub fn copies_target_dir(target_tmpdir: &Path) -> PathBuf {
    target_tmpdir.join("workbook-copies-target")
}

fn is_workbook_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .map(|text| text.contains("[workspace]") && text.contains("\"harness\""))
        .unwrap_or(false)
}

/// Normalises a chapter argument (`6`, `06`, `chapter-06`) to `"06"`.
pub fn chapter_number(arg: &str) -> Result<&'static str> {
    let digits = arg.trim_start_matches("chapter-");
    let n: u32 = digits
        .parse()
        .with_context(|| format!("`{arg}` is not a chapter (try 1..9 or chapter-06)"))?;
    CHAPTERS
        .iter()
        .copied()
        .find(|c| c.parse::<u32>() == Ok(n))
        .with_context(|| format!("there is no chapter {n}; the chapters are 1 to 9"))
}
