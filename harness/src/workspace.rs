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
    /// source location, so `cargo run -p harness` works from anywhere.
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

    /// The `fixtures/` directory.
    pub fn fixtures_dir(&self) -> PathBuf {
        self.root.join("fixtures")
    }
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
