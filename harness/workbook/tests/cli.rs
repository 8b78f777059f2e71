//! The `workbook` command as a learner uses it: `--help`, `hint`, `solution`,
//! `watch --once` and `reset`, run as a process.
//!
//! Only one test runs cargo (on a copy of the workbook whose stubs are
//! untouched, so `solution` must refuse and `watch --once` must fail); the
//! others read files only.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use harness::workspace::Workspace;
use predicates::prelude::*;
use workbook::exercises::ChapterExercises;

fn workspace() -> Workspace {
    Workspace::at(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

/// Where cargo builds the copies: never this checkout's own target
/// directory (see [`harness::workspace::copies_target_dir`]).
fn target_dir() -> PathBuf {
    harness::workspace::copies_target_dir(Path::new(env!("CARGO_TARGET_TMPDIR")))
}

/// `workbook` run in `dir` (which picks the checkout it works on).
fn workbook(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("workbook").unwrap();
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .timeout(std::time::Duration::from_secs(900));
    cmd
}

#[test]
fn help_lists_the_learner_commands() {
    let assert = workbook(&workspace().root).arg("--help").assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for command in [
        "status", "hint", "solution", "reset", "watch", "verify", "book",
    ] {
        assert!(
            stdout.contains(command),
            "--help does not mention {command}:\n{stdout}"
        );
    }
}

#[test]
fn hint_prints_the_hint_from_the_manifest() {
    let ws = workspace();
    let chapter = ChapterExercises::load(&ws, "06").unwrap();
    let hint = &chapter.find("rot13").unwrap().hint;
    let first_line = hint.trim().lines().next().unwrap();
    workbook(&ws.root)
        .args(["hint", "06", "rot13"])
        .assert()
        .success()
        .stdout(predicate::str::contains(first_line))
        .stdout(predicate::str::contains("cargo test -p chapter-06 rot13::"));
}

#[test]
fn hint_for_an_unknown_exercise_lists_the_exercises() {
    workbook(&workspace().root)
        .args(["hint", "6", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "chapter 06 has no exercise `nope`; its exercises are: rot13",
        ));
    workbook(&workspace().root)
        .args(["hint", "10", "rot13"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no chapter 10"));
}

#[test]
fn reset_outside_git_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_sources(tmp.path()).unwrap();
    let stub = copy.chapter_dir("06").join("src/exercises/rot13.rs");
    let before = std::fs::read(&stub).unwrap();
    workbook(&copy.root)
        .args(["reset", "06", "rot13"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "cannot reset chapters/chapter-06/src/exercises/rot13.rs",
        ))
        .stderr(predicate::str::contains("not in a git checkout"));
    assert_eq!(
        std::fs::read(&stub).unwrap(),
        before,
        "a failed reset must not touch the stub"
    );
}

#[test]
fn solution_and_watch_refuse_an_untouched_stub() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_sources(tmp.path()).unwrap();
    workbook(&copy.root)
        .args(["solution", "06", "rot13"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fn rot13").not())
        .stderr(predicate::str::contains(
            "exercise rot13 is not solved yet (0 of",
        ))
        .stderr(predicate::str::contains("cargo workbook hint 06 rot13"));
    workbook(&copy.root)
        .args(["watch", "06", "rot13", "--once"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("test rot13::"))
        .stdout(predicate::str::contains("✗ rot13: 0/"));
}
