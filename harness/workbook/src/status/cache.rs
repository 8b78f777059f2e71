//! What `workbook status` remembers between runs, so a second look at your
//! progress is quick.
//!
//! Checking a chapter means running all its tests, which takes a while for
//! the whole workbook. But a chapter's result can only change when a file it
//! is built from changes: its own directory, the chapters whose libraries it
//! uses (`chapter-NN = { path = … }` in its `Cargo.toml`), the harness, the
//! fixtures, or the workspace's `Cargo.toml` and `Cargo.lock`. So each
//! result is stored in `target/workbook/status.json` with a fingerprint of
//! those files (path, size and modification time, as cargo itself judges
//! freshness), and reused while the fingerprint is the same. `--fresh`
//! ignores what is stored.
//!
//! Proptest's failure files are left out of the fingerprint: the tests
//! write them while they run, and they only replay the failures already
//! recorded. A run that hit its time limit is not stored. The book is
//! treated the same way: it is built again only when its pages or the
//! files its listings come from have changed, or `target/book` is gone.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::ChapterStatus;
use crate::cargo_test::Tally;
use crate::exercises::Exercise;
use harness::workspace::Workspace;

/// One chapter's stored result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    fingerprint: u64,
    /// Passed, failed and ignored tests per exercise name.
    exercises: BTreeMap<String, [usize; 3]>,
    /// `None`: only the exercises were checked.
    examples: Option<[usize; 3]>,
    build_error: Option<String>,
    /// The exercises that did not compile, with the first error.
    #[serde(default)]
    broken: Vec<(String, String)>,
    /// Why tests skipped, one entry per skipped test.
    #[serde(default)]
    skipped: Vec<String>,
}

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    chapters: BTreeMap<String, Entry>,
    /// The fingerprint of the book's sources at its last good build.
    book: Option<u64>,
}

/// The stored results, by chapter.
#[derive(Debug, Default)]
pub struct StatusCache {
    path: PathBuf,
    stored: Stored,
}

impl StatusCache {
    /// Reads `target/workbook/status.json`; anything unreadable is empty.
    pub fn load(ws: &Workspace) -> Self {
        let path = ws.root.join("target/workbook/status.json");
        let stored = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Self { path, stored }
    }

    /// The stored status of `nn` if its fingerprint is still `fingerprint`
    /// (`exercises` is the chapter's current manifest).
    pub fn get(
        &self,
        nn: &'static str,
        fingerprint: u64,
        exercises: &[Exercise],
        title: String,
    ) -> Option<ChapterStatus> {
        let entry = self
            .stored
            .chapters
            .get(nn)
            .filter(|e| e.fingerprint == fingerprint)?;
        let tallies = exercises.iter().map(|ex| {
            let counts = entry.exercises.get(&ex.name).copied()?;
            Some((ex.clone(), tally(counts)))
        });
        Some(ChapterStatus {
            nn,
            title,
            exercises: tallies.collect::<Option<_>>()?,
            examples: entry.examples.map(tally),
            skipped: entry.skipped.clone(),
            build_error: entry.build_error.clone(),
            broken: entry.broken.clone(),
            timed_out: false,
            cached: true,
        })
    }

    /// Stores `status` under `fingerprint` (not when it timed out).
    pub fn put(&mut self, fingerprint: u64, status: &ChapterStatus) {
        if status.timed_out {
            self.stored.chapters.remove(status.nn);
            return;
        }
        let exercises = status
            .exercises
            .iter()
            .map(|(ex, t)| (ex.name.clone(), counts(*t)))
            .collect();
        let entry = Entry {
            fingerprint,
            exercises,
            examples: status.examples.map(counts),
            build_error: status.build_error.clone(),
            broken: status.broken.clone(),
            skipped: status.skipped.clone(),
        };
        self.stored.chapters.insert(status.nn.to_owned(), entry);
    }

    /// Whether the book was built from sources with this fingerprint.
    pub fn book_is(&self, fingerprint: u64) -> bool {
        self.stored.book == Some(fingerprint)
    }

    /// Remembers the fingerprint of a good build of the book (`None`: a
    /// build that failed or warned, to be tried again next time).
    pub fn set_book(&mut self, fingerprint: Option<u64>) {
        self.stored.book = fingerprint;
    }

    /// Writes the file; a failure only costs the next run its speed.
    pub fn save(&self) {
        let Ok(text) = serde_json::to_string_pretty(&self.stored) else {
            return;
        };
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&self.path, text);
    }
}

fn tally([passed, failed, ignored]: [usize; 3]) -> Tally {
    Tally {
        passed,
        failed,
        ignored,
    }
}

fn counts(t: Tally) -> [usize; 3] {
    [t.passed, t.failed, t.ignored]
}

/// The fingerprint of everything chapter `nn`'s tests are built from.
pub fn fingerprint(ws: &Workspace, nn: &str) -> u64 {
    let mut roots = vec![
        ws.root.join("Cargo.toml"),
        ws.root.join("Cargo.lock"),
        ws.root.join("harness"),
        ws.fixtures_dir(),
        ws.chapter_dir(nn),
    ];
    roots.extend(chapter_deps(ws, nn).iter().map(|dep| ws.chapter_dir(dep)));
    hash_trees(&roots, |_| false)
}

/// The fingerprint of what the book is built from: its pages, and the
/// sources and fixtures its listings and shown output are included from.
pub fn book_fingerprint(ws: &Workspace) -> u64 {
    let roots = [
        ws.root.join("book"),
        ws.root.join("chapters"),
        ws.root.join("harness"),
        ws.root.join("solutions"),
        ws.fixtures_dir(),
    ];
    // The book shows the stubs as handed out (`fixtures/stubs`), never the
    // learner's files, so editing an exercise does not rebuild it.
    hash_trees(&roots, is_learners_exercises)
}

/// `chapters/chapter-NN/src/exercises`: the files the learner edits.
fn is_learners_exercises(dir: &Path) -> bool {
    dir.ends_with("src/exercises")
        && dir
            .components()
            .rev()
            .nth(3)
            .is_some_and(|c| c.as_os_str() == "chapters")
}

/// The chapters whose libraries chapter `nn` depends on, from its manifest.
fn chapter_deps(ws: &Workspace, nn: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(ws.chapter_dir(nn).join("Cargo.toml"));
    manifest
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix("chapter-"))
        .filter_map(|rest| rest.get(..2))
        .filter(|dep| dep.bytes().all(|b| b.is_ascii_digit()) && *dep != nn)
        .map(str::to_owned)
        .collect()
}

/// One hash of every file under `roots`: its path, size and modification
/// time.
fn hash_trees(roots: &[PathBuf], skip: fn(&Path) -> bool) -> u64 {
    let mut hasher = DefaultHasher::new();
    for root in roots {
        hash_tree(root, skip, &mut hasher);
    }
    hasher.finish()
}

/// Hashes the files under `root`, leaving out the directories `skip` names.
fn hash_tree(root: &Path, skip: fn(&Path) -> bool, hasher: &mut DefaultHasher) {
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != "target" && e.file_name() != ".git" && !skip(e.path()));
    for entry in walk.filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file()
            || path
                .extension()
                .is_some_and(|x| x == "proptest-regressions")
        {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        path.hash(hasher);
        meta.len().hash(hasher);
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        mtime.map(|d| d.as_nanos()).hash(hasher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook with chapters 06 and 07 (07 uses 06) and 01.
    fn tiny_workbook() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("Cargo.toml", "[workspace]\nmembers = [\"harness\"]\n");
        write("harness/src/lib.rs", "");
        write("chapters/chapter-01/src/lib.rs", "");
        write("chapters/chapter-06/src/lib.rs", "");
        write(
            "chapters/chapter-07/Cargo.toml",
            "[dependencies]\nchapter-06 = { path = \"../chapter-06\" }\n",
        );
        (dir, Workspace::at(&root).unwrap())
    }

    fn touch(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_change_reaches_the_chapter_and_the_chapters_built_on_it_only() {
        let (_dir, ws) = tiny_workbook();
        let before: Vec<u64> = ["01", "06", "07"].map(|nn| fingerprint(&ws, nn)).to_vec();
        touch(&ws.chapter_dir("06").join("src/lib.rs"), "// changed\n");
        let after: Vec<u64> = ["01", "06", "07"].map(|nn| fingerprint(&ws, nn)).to_vec();
        assert_eq!(before[0], after[0], "chapter 1 does not use chapter 6");
        assert_ne!(before[1], after[1], "chapter 6 itself changed");
        assert_ne!(before[2], after[2], "chapter 7 is built on chapter 6");
        touch(&ws.root.join("harness/src/lib.rs"), "// changed\n");
        assert_ne!(
            after[0],
            fingerprint(&ws, "01"),
            "every chapter uses the harness"
        );
    }

    #[test]
    fn the_book_is_not_rebuilt_for_an_edited_exercise_but_is_for_a_stub() {
        let (_dir, ws) = tiny_workbook();
        let exercise = ws.chapter_dir("06").join("src/exercises/rot13.rs");
        std::fs::create_dir_all(exercise.parent().unwrap()).unwrap();
        touch(&exercise, "todo!()\n");
        let before = book_fingerprint(&ws);
        touch(&exercise, "fn rot13() { /* half written */ }\n");
        assert_eq!(before, book_fingerprint(&ws), "the learner's file");
        let stub = ws.stubs_dir("06").join("rot13.rs");
        std::fs::create_dir_all(stub.parent().unwrap()).unwrap();
        touch(&stub, "todo!()\n");
        assert_ne!(before, book_fingerprint(&ws), "the stub the book shows");
    }

    #[test]
    fn proptest_failure_files_do_not_count() {
        let (_dir, ws) = tiny_workbook();
        let before = fingerprint(&ws, "06");
        let tests = ws.chapter_dir("06").join("tests");
        std::fs::create_dir_all(&tests).unwrap();
        touch(&tests.join("exercises.proptest-regressions"), "cc 1234\n");
        assert_eq!(before, fingerprint(&ws, "06"));
    }

    #[test]
    fn a_stored_result_comes_back_only_with_its_fingerprint() {
        let (_dir, ws) = tiny_workbook();
        let ex: Exercise = toml::from_str(
            "name = \"rot13\"\ntitle = \"t\"\nhints = [\"h\"]\nseed = \"s\"\ntest = \"rot13::\"\nminutes = 15",
        )
        .unwrap();
        let status = ChapterStatus {
            nn: "06",
            title: "Filters".into(),
            exercises: vec![(ex.clone(), tally([2, 1, 0]))],
            examples: Some(tally([5, 0, 0])),
            skipped: Vec::new(),
            build_error: None,
            broken: vec![("qp".into(), "error[E0308]".into())],
            timed_out: false,
            cached: false,
        };
        let mut cache = StatusCache::load(&ws);
        cache.put(42, &status);
        cache.save();
        let cache = StatusCache::load(&ws);
        let back = cache.get("06", 42, std::slice::from_ref(&ex), "Filters".into());
        let back = back.expect("stored under 42");
        assert!(back.cached);
        assert_eq!(back.exercises[0].1, tally([2, 1, 0]));
        assert_eq!(back.examples, Some(tally([5, 0, 0])));
        assert!(cache.get("06", 43, &[ex], "Filters".into()).is_none());
    }
}
