//! Corpus cases (`fixtures/corpus/<case>/`): stdin→stdout filters checked
//! byte for byte, in `whole` and `lines` modes, on a small corpus written
//! into a temporary workbook checkout so the goldens do not move when the
//! real corpora grow.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;

/// A temporary checkout with two corpus cases: `upper` (whole) and
/// `upper-lines` (lines).
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"harness\"]\n",
    )
    .unwrap();
    let write = |case: &str, file: &str, text: &str| {
        let path = root.join("fixtures/corpus").join(case);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join(file), text).unwrap();
    };
    write(
        "upper",
        "case.toml",
        "description = \"upper-case ASCII letters\"\n",
    );
    write("upper", "hello.in", "hello, world\n");
    write("upper", "hello.out", "HELLO, WORLD\n");
    write("upper", "empty.in", "");
    write("upper", "empty.out", "");
    write(
        "upper-lines",
        "case.toml",
        "description = \"upper-case, line by line\"\nmode = \"lines\"\n",
    );
    write("upper-lines", "words.in", "one\ntwo\nthree\n");
    write("upper-lines", "words.out", "ONE\nTWO\nTHREE\n");
    dir
}

fn conform(root: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("workbook")
        .unwrap()
        .args(["conform", "--root", root.to_str().unwrap()])
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn corpus_cases_are_listed() {
    let root = checkout();
    let text = stdout(&conform(root.path(), &["--list"]));
    // Cases are indented under their seed program's header; the name
    // column widens with the longest case name, so match by words.
    for line in [
        r"(?m)^  upper\s+filter\s+upper-case ASCII letters",
        r"(?m)^  upper-lines\s+filter\s+upper-case, line by line",
    ] {
        let listed = regex::Regex::new(line).unwrap();
        assert!(listed.is_match(&text), "no line like {line}:\n{text}");
    }
}

#[test]
fn a_correct_filter_passes() {
    let root = checkout();
    let out = conform(root.path(), &["upper", "--", "tr", "a-z", "A-Z"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = conform(root.path(), &["upper-lines", "--", "tr", "a-z", "A-Z"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_wrong_filter_fails_with_a_caret() {
    let root = checkout();
    let out = conform(root.path(), &["upper", "--", "cat"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn lines_mode_reports_each_wrong_line_with_its_input() {
    let root = checkout();
    let out = conform(
        root.path(),
        &[
            "upper-lines",
            "--",
            "sh",
            "-c",
            "tr a-z A-Z | sed 2s/TWO/TW0/",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_filter_that_never_ends_is_killed_at_the_time_limit() {
    let root = checkout();
    let out = conform(
        root.path(),
        &["upper", "--time-limit", "1", "--", "sleep", "30"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("killed by the harness at the time limit"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_program_that_cannot_start_fails_clearly() {
    let root = checkout();
    let out = conform(root.path(), &["upper", "--", "/no/such/program"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("cannot start `/no/such/program`"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn without_a_command_or_a_program_of_ours_it_is_a_usage_error() {
    let root = checkout();
    let out = conform(root.path(), &["upper"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has no program of ours: give one after `--`"),
        "{err}"
    );
}
