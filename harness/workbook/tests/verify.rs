//! `workbook verify` fails, with a clear message, on broken copies of the
//! workbook: one where a stub was replaced by its solution (its tests pass on
//! the "stub", and it has no `// TODO`), and one where a solution is missing.
//!
//! Each test copies the repository's sources (not `target/` or `.git`) into a
//! temporary directory and runs the built `workbook verify --root <copy>
//! --chapter 06` on it. Cargo builds the copies in a target directory of their own
//! (`target/tmp/workbook-copies-target`), kept between runs so the
//! dependencies are compiled only once.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use harness::workspace::Workspace;

/// The repository this test belongs to.
fn workspace() -> Workspace {
    Workspace::at(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

/// Where cargo builds the copies: never this checkout's own target
/// directory (see [`harness::workspace::copies_target_dir`]).
fn target_dir() -> PathBuf {
    harness::workspace::copies_target_dir(Path::new(env!("CARGO_TARGET_TMPDIR")))
}

/// Runs `workbook verify --root <copy> --chapter 06`; returns (success, stdout).
fn verify(copy: &Workspace) -> (bool, String) {
    let output = Command::cargo_bin("workbook")
        .unwrap()
        .args(["verify", "--chapter", "06", "--root"])
        .arg(&copy.root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_TERM_COLOR")
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "verify crashed ({:?}):\n{stdout}\n{stderr}",
        output.status
    );
    (output.status.success(), stdout)
}

/// The violation lines about one exercise (not the chapter's other
/// exercises'), with the number and names of its tests redacted, so the
/// snapshot holds the message and not the current test list.
fn violations_about(stdout: &str, exercise: &str) -> String {
    let prefix = format!("- chapter 06, {exercise}:");
    let counts = regex::Regex::new(r"\d+ of \d+ tests").unwrap();
    let names = regex::Regex::new(&format!(r"({exercise}::\w+(, | and \d+ more)?)+")).unwrap();
    let lines: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(|l| {
            names
                .replace_all(&counts.replace_all(l, "[N] of [N] tests"), "[TESTS]")
                .into_owned()
        })
        .collect();
    lines.join("\n")
}

#[test]
fn a_stub_replaced_by_its_solution_fails_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_as_handed_out(tmp.path()).unwrap();
    let chapter = workbook::exercises::ChapterExercises::load(&copy, "06").unwrap();
    let rot13 = chapter.find("rot13").unwrap();
    std::fs::copy(chapter.solution_path(rot13), chapter.stub_path(rot13)).unwrap();

    let (ok, stdout) = verify(&copy);
    assert!(!ok, "verify passed on a stub that is a solution:\n{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("06      rot13 "))
        .unwrap_or_default();
    assert!(
        row.ends_with("FAIL"),
        "the table must mark rot13 as failing:\n{stdout}"
    );
    insta::assert_snapshot!(violations_about(&stdout, "rot13"));
}

#[test]
fn a_missing_solution_fails_verify_before_running_cargo() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_as_handed_out(tmp.path()).unwrap();
    let chapter = workbook::exercises::ChapterExercises::load(&copy, "06").unwrap();
    std::fs::remove_file(chapter.solution_path(chapter.find("rot13").unwrap())).unwrap();

    let (ok, stdout) = verify(&copy);
    assert!(!ok, "verify passed without a solution:\n{stdout}");
    assert!(
        stdout.contains("- chapter 06: tests not run until the missing files exist"),
        "{stdout}"
    );
    insta::assert_snapshot!(violations_about(&stdout, "rot13"));
}

/// Every entry of the instructor page "Common mistakes" that names a test
/// has a mutant (`entry` = its bold title) caught by one of those tests, and
/// every mutant's `entry` is on the page. Building and grading the mutants
/// is `workbook verify --mutants` (CI runs it); this only reads the files,
/// so a new entry without a mutant fails at once.
#[test]
fn every_common_mistake_is_claimed_by_a_mutant() {
    use workbook::cli::verify::{mistakes, mutants};
    let ws = workspace();
    let all = mutants::load(&ws).unwrap();
    let page = mistakes::read(&ws.root.join(mistakes::PAGE)).unwrap();
    assert!(page.len() > 150, "the page was not read: {page:?}");
    let gaps = mutants::gaps(&ws, &all, None).unwrap();
    assert!(
        gaps.is_empty(),
        "{} of {} entries or mutants do not match:\n{}",
        gaps.len(),
        page.len(),
        gaps.join("\n")
    );
}
