//! The exercise manifest: `chapters/chapter-NN/exercises.toml` (DESIGN.md §4).
//!
//! Each entry names a stub (`src/exercises/<name>.rs`), its reference solution
//! (`solutions/chapter-NN/<name>.rs`), a title, a hint, the seed section it comes
//! from, and the libtest filter that selects its tests.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Deserialize;

use harness::workspace::Workspace;

/// The test target every chapter checks its exercises with (the target
/// `exercises`), as cargo names it: this `main.rs` plus one
/// `tests/exercises/<name>.rs` per exercise, so an exercise's tests are
/// `<name>::…` and its file is named as in `exercises.toml`.
pub const TESTS_TARGET: &str = "tests/exercises/main.rs";

/// One exercise as listed in `exercises.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// File stem of the stub and of the solution.
    pub name: String,
    /// One line saying what the learner writes.
    pub title: String,
    /// Shown by `workbook hint`.
    pub hint: String,
    /// The seed section the exercise comes from.
    pub seed: String,
    /// The libtest filter selecting the exercise's tests (e.g. `rot13::`).
    pub test: String,
}

impl Exercise {
    /// The command a learner runs to check this exercise of chapter `nn`.
    pub fn check_command(&self, nn: &str) -> String {
        workbook_start::check_command(nn, &self.test)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    exercise: Vec<Exercise>,
}

/// A chapter's exercises, with where their files live.
#[derive(Debug, Clone)]
pub struct ChapterExercises {
    /// Two-digit chapter number.
    pub chapter: &'static str,
    /// The exercises in the order the learner should do them.
    pub exercises: Vec<Exercise>,
    /// `chapters/chapter-NN/src/exercises`.
    pub stub_dir: PathBuf,
    /// `solutions/chapter-NN`.
    pub solution_dir: PathBuf,
    /// `fixtures/stubs/chapter-NN`: the stubs as handed out.
    pub handed_out_dir: PathBuf,
}

impl ChapterExercises {
    /// Reads chapter `nn`'s `exercises.toml`.
    pub fn load(ws: &Workspace, nn: &'static str) -> Result<Self> {
        let path = ws.chapter_dir(nn).join("exercises.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let manifest: Manifest =
            toml::from_str(&text).with_context(|| format!("{} is malformed", path.display()))?;
        Ok(Self {
            chapter: nn,
            exercises: manifest.exercise,
            stub_dir: ws.chapter_dir(nn).join("src").join("exercises"),
            solution_dir: ws.solutions_dir(nn),
            handed_out_dir: ws.stubs_dir(nn),
        })
    }

    /// The stub file of `ex`.
    pub fn stub_path(&self, ex: &Exercise) -> PathBuf {
        self.stub_dir.join(format!("{}.rs", ex.name))
    }

    /// The stub of `ex` as handed out (`fixtures/stubs/chapter-NN/<name>.rs`),
    /// which the learner never edits.
    pub fn handed_out_path(&self, ex: &Exercise) -> PathBuf {
        self.handed_out_dir.join(format!("{}.rs", ex.name))
    }

    /// The stub of `ex` as handed out, read.
    pub fn handed_out(&self, ex: &Exercise) -> Result<Vec<u8>> {
        let path = self.handed_out_path(ex);
        std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {}, the stub as handed out (is the workbook complete?)",
                path.display()
            )
        })
    }

    /// The solution file of `ex`.
    pub fn solution_path(&self, ex: &Exercise) -> PathBuf {
        self.solution_dir.join(format!("{}.rs", ex.name))
    }

    /// Finds an exercise by name.
    pub fn find(&self, name: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.name == name)
    }
}
