//! The static checks of `workbook verify`, per chapter (manifest, files,
//! hints, TODOs), and the table row and report types the test runs
//! (`verify/runs.rs`) fill in too.

use std::collections::BTreeSet;
use std::path::Path;

use crate::exercises::{ChapterExercises, Exercise};
use harness::term;
use harness::workspace::Workspace;

/// The state of one check in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Check {
    /// Not run (an earlier problem made it pointless).
    #[default]
    Skipped,
    /// Holds.
    Pass,
    /// Violated.
    Fail,
}

impl Check {
    pub(super) fn from(ok: bool) -> Self {
        if ok { Self::Pass } else { Self::Fail }
    }
}

/// One exercise's row of the table.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub name: String,
    pub hint: Check,
    pub todo: Check,
    pub files: Check,
    pub tests: Option<usize>,
    pub stub_fails: Check,
    pub solution_passes: Check,
}

impl Row {
    /// Whether no check of the row failed.
    pub fn ok(&self) -> bool {
        let checks = [
            self.hint,
            self.todo,
            self.files,
            self.stub_fails,
            self.solution_passes,
        ];
        !checks.contains(&Check::Fail) && self.tests.is_some_and(|n| n > 0)
    }
}

/// Everything verify found in one chapter.
#[derive(Debug, Default)]
pub(super) struct ChapterReport {
    pub rows: Vec<Row>,
    pub violations: Vec<String>,
}

impl ChapterReport {
    pub(super) fn violation(&mut self, nn: &str, exercise: Option<&str>, message: impl AsRef<str>) {
        let place = match exercise {
            Some(name) => format!("chapter {nn}, {name}"),
            None => format!("chapter {nn}"),
        };
        self.violations
            .push(format!("{place}: {}", message.as_ref()));
    }
}

/// Checks the files and the manifest of a chapter. Returns whether the test
/// runs can go ahead (every stub and solution file exists).
pub(super) fn check_static(ws: &Workspace, ch: &ChapterExercises, out: &mut ChapterReport) -> bool {
    let nn = ch.chapter;
    let mut runnable = true;
    let mod_rs = std::fs::read_to_string(ch.stub_dir.join("mod.rs")).unwrap_or_default();
    for ex in &ch.exercises {
        let mut row = Row {
            name: ex.name.clone(),
            ..Row::default()
        };
        row.hint = Check::from(!ex.hint.trim().is_empty());
        if row.hint == Check::Fail {
            out.violation(nn, Some(&ex.name), "its hint in exercises.toml is empty");
        }
        row.files = check_files(ws, ch, ex, &mod_rs, out);
        runnable &= row.files == Check::Pass;
        row.todo = check_todo(ch, ex, out);
        if ex.test.trim().is_empty() {
            out.violation(nn, Some(&ex.name), "its `test` filter is empty");
            row.tests = Some(0);
        }
        out.rows.push(row);
    }
    check_orphans(ws, ch, out);
    runnable
}

fn check_files(
    ws: &Workspace,
    ch: &ChapterExercises,
    ex: &Exercise,
    mod_rs: &str,
    out: &mut ChapterReport,
) -> Check {
    let nn = ch.chapter;
    let mut ok = true;
    for (what, path) in [
        ("stub", ch.stub_path(ex)),
        ("solution", ch.solution_path(ex)),
        ("handed-out stub", ch.handed_out_path(ex)),
    ] {
        if !path.exists() {
            let rel = term::relative(&path, &ws.root);
            out.violation(nn, Some(&ex.name), format!("the {what} {rel} is missing (every exercise needs a stub, its handed-out copy and a reference solution)"));
            ok = false;
        }
    }
    let (stub, handed_out) = (ch.stub_path(ex), ch.handed_out_path(ex));
    if ok && std::fs::read(&stub).ok() != std::fs::read(&handed_out).ok() {
        let (stub, handed_out) = (
            term::relative(&stub, &ws.root),
            term::relative(&handed_out, &ws.root),
        );
        out.violation(nn, Some(&ex.name), format!("{stub} differs from {handed_out}, the copy that reset, grade and the book use: a changed stub changes both (in a learner's checkout, `cargo workbook reset` puts it back)"));
        // Not `ok = false`: the runs still show whether the tests catch it.
    }
    let wiring = format!("solutions/chapter-{nn}/{}.rs", ex.name);
    if ok && !mod_rs.contains(&wiring) {
        let msg = format!(
            "src/exercises/mod.rs does not swap in {wiring} under the `solutions` feature (see DESIGN.md §4)"
        );
        out.violation(nn, Some(&ex.name), msg);
        ok = false;
    }
    Check::from(ok)
}

fn check_todo(ch: &ChapterExercises, ex: &Exercise, out: &mut ChapterReport) -> Check {
    let Ok(text) = std::fs::read_to_string(ch.stub_path(ex)) else {
        return Check::Skipped;
    };
    let ok = text.contains("// TODO");
    if !ok {
        out.violation(
            ch.chapter,
            Some(&ex.name),
            "the stub has no `// TODO` comment saying what to write (is it a finished solution?)",
        );
    }
    Check::from(ok)
}

/// Stub or solution files that no manifest entry names.
fn check_orphans(ws: &Workspace, ch: &ChapterExercises, out: &mut ChapterReport) {
    let listed: BTreeSet<&str> = ch.exercises.iter().map(|e| e.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    for ex in &ch.exercises {
        if !seen.insert(ex.name.as_str()) {
            out.violation(
                ch.chapter,
                Some(&ex.name),
                "is listed twice in exercises.toml",
            );
        }
    }
    for (dir, what) in [(&ch.stub_dir, "stub"), (&ch.solution_dir, "solution")] {
        for stem in rust_files(dir) {
            if !listed.contains(stem.as_str()) {
                let rel = term::relative(&dir.join(format!("{stem}.rs")), &ws.root);
                out.violation(
                    ch.chapter,
                    None,
                    format!(
                        "the {what} {rel} has no entry in exercises.toml (and so no {})",
                        if what == "stub" {
                            "solution check"
                        } else {
                            "stub"
                        }
                    ),
                );
            }
        }
    }
}

/// The stems of the `.rs` files in `dir`, except `mod.rs`.
fn rust_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stems: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_owned))
        .filter(|n| n != "mod")
        .collect();
    stems.sort();
    stems
}
