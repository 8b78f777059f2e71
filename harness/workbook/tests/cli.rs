//! The `workbook` command as a learner uses it: `--help`, `hint` (one level
//! more each time, `--all`, `--level`), `solution`, `watch` (`--once`, and
//! its keys, played with the hidden `--keys` as a terminal would give them)
//! and `reset`, run as a process.
//!
//! Only one test runs cargo (on a copy of the workbook whose stubs are
//! untouched, so `solution` must refuse and `watch --once` must fail; at its
//! end one exercise is solved, to see `watch` move on from it); the others
//! read files only, and those that write (`hint`, `reset`) work on copies.

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

/// `workbook hint` on a copy of the workbook: its levels are remembered in
/// the copy's `target/workbook/hints.json`, never in this checkout's.
fn hint(copy: &Workspace, args: &[&str]) -> String {
    let assert = workbook(&copy.root)
        .arg("hint")
        .args(args)
        .assert()
        .success();
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// The first line of a hint, as printed (indented, so it cannot match the
/// heading or another hint's line by accident).
fn first_line(hint: &str) -> String {
    format!("  {}", hint.trim().lines().next().unwrap())
}

#[test]
fn hint_gives_the_next_level_each_time_then_says_the_solution_waits() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_as_handed_out(tmp.path()).unwrap();
    let chapter = ChapterExercises::load(&copy, "06").unwrap();
    let hints = &chapter.find("rot13").unwrap().hints;
    let count = hints.len();
    assert!(count >= 2, "rot13 needs graded hints: {hints:?}");
    for (i, text) in hints.iter().enumerate() {
        let level = i + 1;
        let stdout = hint(&copy, &["06", "rot13"]);
        assert!(
            stdout.starts_with(&format!("Hint {level} of {count} for chapter 06, rot13")),
            "call {level}:\n{stdout}"
        );
        assert!(
            stdout.contains(&first_line(text)),
            "call {level}:\n{stdout}"
        );
        for (j, other) in hints.iter().enumerate().filter(|&(j, _)| j != i) {
            assert!(
                !stdout.contains(&first_line(other)),
                "call {level} shows hint {} too:\n{stdout}",
                j + 1
            );
        }
        assert!(
            stdout.contains("cargo test -p chapter-06 rot13::"),
            "{stdout}"
        );
        let last = level == count;
        assert_eq!(
            stdout.contains("cargo workbook solution 06 rot13"),
            last,
            "only the last hint points to the solution:\n{stdout}"
        );
        if !last {
            assert!(
                stdout.contains(&format!("again gives hint {}", level + 1)),
                "{stdout}"
            );
        }
    }
    let again = hint(&copy, &["06", "rot13"]);
    assert!(
        again.starts_with(&format!("Hint {count} of {count}")),
        "past the last, the last again:\n{again}"
    );
    assert!(
        again.contains("That was the last hint")
            && again.contains("cargo workbook solution 06 rot13"),
        "{again}"
    );

    let all = hint(&copy, &["06", "rot13", "--all"]);
    for (i, text) in hints.iter().enumerate() {
        assert!(all.contains(&format!("Hint {} of {count}", i + 1)), "{all}");
        assert!(
            all.contains(&first_line(text)),
            "--all lacks hint {}:\n{all}",
            i + 1
        );
    }
    let second = hint(&copy, &["06", "rot13", "--level", "2"]);
    assert!(
        second.starts_with(&format!("Hint 2 of {count}")),
        "{second}"
    );
    assert!(second.contains(&first_line(&hints[1])), "{second}");
    assert!(!second.contains(&first_line(&hints[0])), "{second}");

    // Another exercise starts at its first hint.
    let other = hint(&copy, &["06", "eol_crlf"]);
    assert!(other.starts_with("Hint 1 of"), "{other}");
}

#[test]
fn hint_refuses_a_level_that_does_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_as_handed_out(tmp.path()).unwrap();
    workbook(&copy.root)
        .args(["hint", "06", "rot13", "--level", "9"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--level takes 1 to"));
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

/// A learner's checkout, as a copy of this one: every exercise solved
/// (its solution written over the stub), and chapter 6's `rot13` then
/// broken so it does not compile. No git.
fn solved_and_broken_copy(dest: &Path) -> Workspace {
    let copy = workspace().copy_sources(dest).unwrap();
    for nn in harness::workspace::CHAPTERS {
        let Ok(chapter) = ChapterExercises::load(&copy, nn) else {
            continue;
        };
        for ex in &chapter.exercises {
            std::fs::copy(chapter.solution_path(ex), chapter.stub_path(ex)).unwrap();
        }
    }
    let rot13 = copy.chapter_dir("06").join("src/exercises/rot13.rs");
    std::fs::write(rot13, "pub fn rot13(: broken\n").unwrap();
    copy
}

/// Every exercise file of `ws` is its stub as handed out.
fn assert_handed_out(ws: &Workspace) {
    for nn in harness::workspace::CHAPTERS {
        let Ok(chapter) = ChapterExercises::load(ws, nn) else {
            continue;
        };
        for ex in &chapter.exercises {
            let stub = std::fs::read(chapter.stub_path(ex)).unwrap();
            assert!(
                stub == chapter.handed_out(ex).unwrap(),
                "chapter {nn} {}: not the stub as handed out",
                ex.name
            );
        }
    }
}

/// The tests that work on a copy of the checkout start from
/// `copy_as_handed_out`: from a learner's checkout with everything solved
/// and one exercise broken, it still gives the stubs as handed out.
#[test]
fn copies_for_tests_hold_the_handed_out_stubs_whatever_the_learner_did() {
    let learner = tempfile::tempdir().unwrap();
    let learner = solved_and_broken_copy(learner.path());
    let tmp = tempfile::tempdir().unwrap();
    assert_handed_out(&learner.copy_as_handed_out(tmp.path()).unwrap());
}

/// Reset needs no git: after the learner's commits, or in a copy without
/// git, it puts back the stub as handed out and keeps their version.
#[test]
fn reset_restores_the_handed_out_stub_and_keeps_the_learners_version() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = solved_and_broken_copy(tmp.path());
    let stub = copy.chapter_dir("06").join("src/exercises/rot13.rs");
    let learners = std::fs::read(&stub).unwrap();
    let assert = workbook(&copy.root)
        .args(["reset", "06", "rot13"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "chapters/chapter-06/src/exercises/rot13.rs is back to the stub as handed out",
        ))
        .stdout(predicate::str::contains("Your version was saved as"));
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert_eq!(
        std::fs::read(&stub).unwrap(),
        std::fs::read(copy.stubs_dir("06").join("rot13.rs")).unwrap()
    );
    let saved = stdout
        .split("saved as ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('.');
    assert_eq!(std::fs::read(copy.root.join(saved)).unwrap(), learners);
    workbook(&copy.root)
        .args(["reset", "06", "rot13"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already the stub as handed out"));
}

/// `workbook watch 06 rot13 --keys KEYS`, which must exit with `code`: its
/// stdout and stderr.
fn watch_rot13(copy: &Workspace, keys: &str, code: i32) -> (String, String) {
    let assert = workbook(&copy.root)
        .args(["watch", "06", "rot13", "--keys", keys])
        .assert()
        .code(code);
    let output = assert.get_output();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (text(&output.stdout), text(&output.stderr))
}

/// Where `text` is in `stdout`, which must have it.
fn find(stdout: &str, text: &str) -> usize {
    let at = stdout.find(text);
    at.unwrap_or_else(|| panic!("no {text:?} in the output:\n{stdout}"))
}

#[test]
fn solution_and_watch_refuse_an_untouched_stub_and_watch_takes_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = workspace().copy_as_handed_out(tmp.path()).unwrap();
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
    watch_keys_give_hints_move_on_and_quit(&copy);
    watch_moves_on_from_a_named_exercise_once_it_passes(&copy);
}

/// `h` twice gives hints 1 and 2 (the levels `hint` counts), `n` moves to
/// the next unsolved exercise and runs its tests, `q` quits with status 0;
/// `l` lists the keys, others are harmless, and a script without a `q` is
/// an error.
fn watch_keys_give_hints_move_on_and_quit(copy: &Workspace) {
    let chapter = ChapterExercises::load(copy, "06").unwrap();
    let hints = &chapter.find("rot13").unwrap().hints;
    let count = hints.len();
    assert!(count >= 3, "this test needs rot13 to have three hints");
    let (stdout, _) = watch_rot13(copy, "hhnq", 0);
    let waiting = find(
        &stdout,
        "Waiting for you to save a file · h hint · r run again",
    );
    let first = find(&stdout, &format!("Hint 1 of {count} for chapter 06, rot13"));
    let second = find(&stdout, &format!("Hint 2 of {count} for chapter 06, rot13"));
    let next = find(&stdout, "Next: chapter 06, base64_stream");
    let run = find(&stdout, "── run 2: chapter 06, base64_stream");
    assert!(
        waiting < first && first < second && second < next && next < run,
        "out of order:\n{stdout}"
    );
    find(&stdout[first..second], &first_line(&hints[0]));
    find(&stdout[second..], &first_line(&hints[1]));
    find(&stdout, "Press h again for hint 3.");
    // The same levels as `hint`: it goes on from there.
    let third = hint(copy, &["06", "rot13"]);
    assert!(third.starts_with(&format!("Hint 3 of {count}")), "{third}");

    let (stdout, stderr) = watch_rot13(copy, "lx", 2);
    find(&stdout, "Keys (no Enter needed):");
    find(&stdout, "n  skip to the next unsolved exercise");
    find(&stdout, "The key 'x' does nothing here; l lists the keys.");
    find(&stderr, "the --keys script ended before a q");
}

/// Once the exercise named on the command line passes, `watch` goes on
/// with the next unsolved one, as it does from the one it picked.
fn watch_moves_on_from_a_named_exercise_once_it_passes(copy: &Workspace) {
    let chapter = ChapterExercises::load(copy, "06").unwrap();
    let rot13 = chapter.find("rot13").unwrap();
    std::fs::copy(chapter.solution_path(rot13), chapter.stub_path(rot13)).unwrap();
    let (stdout, _) = watch_rot13(copy, "q", 0);
    let solved = find(&stdout, "✓ rot13: ");
    let next = find(&stdout, "Next: chapter 06, base64_stream");
    let run = find(&stdout, "── run 2: chapter 06, base64_stream");
    assert!(solved < next && next < run, "out of order:\n{stdout}");
}
