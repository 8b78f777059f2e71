//! The exercise manifest: `chapters/chapter-NN/exercises.toml` (DESIGN.md §4).
//!
//! Each entry names a stub (`src/exercises/<name>.rs`), its reference solution
//! (`solutions/chapter-NN/<name>.rs`), a title, its hints (graded, [`HINTS`] of
//! them), the seed section it comes from, the libtest filter that selects
//! its tests, and the minutes it takes (an estimate, within [`MINUTES`]).
//!
//! Layout: [`Exercise`] and [`ChapterExercises`] (the manifest and where the
//! files live), then [`HintsSeen`] (how far each learner got in the hints,
//! `target/workbook/hints.json`).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Deserialize;

use harness::workspace::Workspace;

/// The test target every chapter checks its exercises with (the target
/// `exercises`), as cargo names it: this `main.rs` plus one
/// `tests/exercises/<name>.rs` per exercise, so an exercise's tests are
/// `<name>::…` and its file is named as in `exercises.toml`.
pub const TESTS_TARGET: &str = "tests/exercises/main.rs";

/// How many hints an exercise has: enough to grade them from the idea to a
/// near-solution, few enough that each one adds something.
pub const HINTS: RangeInclusive<usize> = 2..=4;

/// The estimates an exercise's `minutes` may give. Under five minutes is a
/// step of another exercise, not one of its own; over three hours is a
/// project, which a learner should meet as several exercises. Anything
/// outside is a typo (`minutes = 0`, `minutes = 600`), which `workbook
/// verify` reports.
pub const MINUTES: RangeInclusive<u32> = 5..=180;

/// One exercise as listed in `exercises.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// File stem of the stub and of the solution.
    pub name: String,
    /// One line saying what the learner writes.
    pub title: String,
    /// Shown by `workbook hint`, one more each time it is asked: the idea in
    /// words first, then the approach, last a near-solution (which may name
    /// functions and show a line of code).
    pub hints: Vec<String>,
    /// The seed section the exercise comes from.
    pub seed: String,
    /// The libtest filter selecting the exercise's tests (e.g. `rot13::`).
    pub test: String,
    /// About how long a learner new to the topic (not to Rust) needs, in
    /// minutes: `workbook status` adds up what is left, and the book's
    /// exercise plan shows the same figures. Required, so that no exercise
    /// is left out of the totals.
    pub minutes: u32,
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

/// Which hint each exercise is at: the highest level the learner has been
/// shown, kept in `target/workbook/hints.json` so that `workbook hint`
/// gives the next one each time.
#[derive(Debug, Default)]
pub struct HintsSeen {
    path: PathBuf,
    /// Levels seen (1 is the first hint), by `NN/name`.
    seen: BTreeMap<String, usize>,
}

impl HintsSeen {
    /// Reads `target/workbook/hints.json`; a missing or unreadable file is
    /// "no hint seen yet", which only costs the learner a repeated hint.
    pub fn load(ws: &Workspace) -> Self {
        let path = ws.root.join("target/workbook/hints.json");
        let seen = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Self { path, seen }
    }

    /// The highest level of `ex` (chapter `nn`) shown so far; 0 for none.
    pub fn seen(&self, nn: &str, ex: &Exercise) -> usize {
        self.seen.get(&key(nn, ex)).copied().unwrap_or(0)
    }

    /// The level the next plain `workbook hint` shows: one past the highest
    /// seen, and the last one again once all were seen.
    pub fn next(&self, nn: &str, ex: &Exercise) -> usize {
        (self.seen(nn, ex) + 1).min(ex.hints.len())
    }

    /// Records that `level` of `ex` was shown (a lower level shown again
    /// does not move the learner back).
    pub fn saw(&mut self, nn: &str, ex: &Exercise, level: usize) {
        let seen = self.seen.entry(key(nn, ex)).or_default();
        *seen = (*seen).max(level);
    }

    /// Writes the file back.
    pub fn save(&self) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&self.seen)?;
        std::fs::write(&self.path, text)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

fn key(nn: &str, ex: &Exercise) -> String {
    format!("{nn}/{}", ex.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(hints: usize) -> Exercise {
        Exercise {
            name: "rot13".into(),
            title: "t".into(),
            hints: (1..=hints).map(|i| format!("hint {i}")).collect(),
            seed: "s".into(),
            test: "rot13::".into(),
            minutes: 15,
        }
    }

    #[test]
    fn hints_seen_go_up_one_at_a_time_stop_at_the_last_and_persist() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace {
            root: dir.path().to_path_buf(),
        };
        let (ex, other) = (exercise(3), exercise(2));
        let mut seen = HintsSeen::load(&ws);
        assert_eq!(seen.next("06", &ex), 1);
        seen.saw("06", &ex, 1);
        seen.saw("06", &ex, 2);
        seen.saw("06", &ex, 1);
        assert_eq!(
            seen.next("06", &ex),
            3,
            "a level seen again does not go back"
        );
        assert_eq!(
            seen.next("07", &other),
            1,
            "each exercise has its own level"
        );
        seen.saw("06", &ex, 3);
        assert_eq!(seen.next("06", &ex), 3, "after the last, the last again");
        seen.save().unwrap();
        assert_eq!(HintsSeen::load(&ws).seen("06", &ex), 3);
    }

    #[test]
    fn minutes_are_read_and_a_manifest_without_them_does_not_load() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace {
            root: dir.path().to_path_buf(),
        };
        let manifest = ws.chapter_dir("06").join("exercises.toml");
        std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        let entry = "[[exercise]]\nname = \"rot13\"\ntitle = \"t\"\nseed = \"s\"\n\
                     test = \"rot13::\"\nhints = [\"a\", \"b\"]\n";
        std::fs::write(&manifest, format!("{entry}minutes = 15\n")).unwrap();
        let chapter = ChapterExercises::load(&ws, "06").unwrap();
        assert_eq!(chapter.exercises[0].minutes, 15);
        std::fs::write(&manifest, entry).unwrap();
        let err = format!("{:#}", ChapterExercises::load(&ws, "06").unwrap_err());
        assert!(err.contains("missing field `minutes`"), "{err}");
    }
}
