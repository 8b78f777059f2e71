//! `workbook grade` on a classroom of three learners, graded on chapter 6
//! and checked against golden reports: Alice solved everything, Bob is half
//! way (a wrong answer, a file that does not compile, a missing file, an
//! untouched stub), and Carol's code hangs, floods its output and overflows
//! its stack. Then Alice alone on chapter 2, whose tests use TCP, to show
//! the sandbox's loopback works.
//!
//! The learners' checkouts are `fixtures/classroom/checkouts/<name>/`; each
//! `setup.toml` lists the exercises the test fills in from the workbook's own
//! files (solutions, stubs) so the fixture does not repeat them. The golden
//! reports are `fixtures/classroom/golden/*.snap`, with times masked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use harness::workspace::Workspace;
use serde::Deserialize;

#[derive(Deserialize)]
struct Setup {
    solved: Vec<String>,
    untouched: Vec<String>,
}

fn workspace() -> Workspace {
    Workspace::discover(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Copies the fixture checkouts into `class`, filling in what `setup.toml` names.
fn set_up_classroom(ws: &Workspace, class: &Path) {
    let fixtures = ws.fixtures_dir().join("classroom/checkouts");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let from = entry.unwrap().path();
        let to = class.join(from.file_name().unwrap());
        let setup: Setup =
            toml::from_str(&std::fs::read_to_string(from.join("setup.toml")).unwrap()).unwrap();
        for file in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
            let dest = to.join(file.path().strip_prefix(&from).unwrap());
            if file.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(file.path(), &dest).unwrap();
            }
        }
        let fill = |list: &[String], source: &dyn Fn(&str, &str) -> PathBuf| {
            for item in list {
                let (nn, name) = item.split_once('/').unwrap();
                let dest = to.join(format!("chapters/chapter-{nn}/src/exercises/{name}.rs"));
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(source(nn, name), dest).unwrap();
            }
        };
        fill(&setup.solved, &|nn, name| {
            ws.solutions_dir(nn).join(format!("{name}.rs"))
        });
        fill(&setup.untouched, &|nn, name| {
            ws.chapter_dir(nn).join(format!("src/exercises/{name}.rs"))
        });
    }
}

/// Masks what changes from run to run: times, and the byte counts of cut
/// output (Rust prints thread ids, whose digits vary, in panic messages).
fn stable(text: &str) -> String {
    let ms = regex::Regex::new(r#""duration_ms": \d+"#).unwrap();
    let secs = regex::Regex::new(r#"time="\d+\.\d+""#).unwrap();
    let printed = regex::Regex::new(r"the test printed \d+ bytes in all").unwrap();
    let text = ms.replace_all(text, r#""duration_ms": "[ms]""#);
    let text = secs.replace_all(&text, r#"time="[s]""#);
    printed
        .replace_all(&text, "the test printed [n] bytes in all")
        .into_owned()
}

fn golden(name: &str, text: &str) {
    let ws = workspace();
    insta::with_settings!({
        snapshot_path => ws.fixtures_dir().join("classroom/golden"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, stable(text));
    });
}

/// Runs `workbook grade` with `args` on `paths`, writing into `out`; the
/// grading copy is kept between runs, so later runs only rebuild chapters.
fn grade(ws: &Workspace, args: &[&str], out: &Path, path: &Path) -> std::process::Output {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("grade-work");
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .arg("grade")
        .arg("--root")
        .arg(&ws.root)
        .args(args)
        .args(["--jobs", "2", "--output-limit", "600"])
        .arg("--work-dir")
        .arg(&work)
        .arg("--out")
        .arg(out)
        .arg(path)
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(1200))
        .output()
        .unwrap()
}

/// One test, so the two gradings take turns with the grading copy.
#[test]
fn grades_a_classroom_and_the_reports_match_the_golden_files() {
    let ws = workspace();
    let class = tempfile::tempdir().unwrap();
    set_up_classroom(&ws, class.path());
    let out = tempfile::tempdir().unwrap();
    let output = grade(
        &ws,
        &["--chapter", "6", "--timeout", "10"],
        out.path(),
        class.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Not everyone solved everything: exit status 1, not 0 nor 2.
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("grade-work");
    assert!(
        !work.join("workbook/solutions").exists(),
        "the grading copy must not hold the reference solutions"
    );
    for learner in ["alice", "bob", "carol"] {
        let dir = out.path().join(learner);
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        golden(&format!("{learner}-results.json"), &read("results.json"));
        golden(&format!("{learner}-junit.xml"), &read("junit.xml"));
        junit_parses_with_a_real_xml_parser(&dir.join("junit.xml"), 18);
    }
    let summary = std::fs::read_to_string(out.path().join("summary.txt")).unwrap();
    golden("summary.txt", &summary);
    golden(
        "summary.csv",
        &std::fs::read_to_string(out.path().join("summary.csv")).unwrap(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&summary),
        "the table on the terminal:\n{stdout}"
    );
    alice_passes_chapter_2_over_the_sandbox_loopback(&ws, class.path());
}

/// Python's XML parser reads the report and finds every test in it: the
/// escaping holds for what learners' programs print.
fn junit_parses_with_a_real_xml_parser(path: &Path, tests: usize) {
    if !harness::real::available("python3", &["python3", "--version"]) {
        return;
    }
    let script = "import sys, xml.etree.ElementTree as E\n\
                  print(len(E.parse(sys.argv[1]).getroot().findall('.//testcase')))";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{} is not well-formed XML:\n{err}",
        path.display()
    );
    assert_eq!(said.trim(), tests.to_string(), "{}", path.display());
}

/// Chapter 2's tests talk TCP to fake servers on 127.0.0.1: Alice's
/// solutions pass them inside the sandbox's private network. (Only passing
/// tests here: a stub's failure in a server test races with the client's
/// connect, so its message is not the same from run to run.)
fn alice_passes_chapter_2_over_the_sandbox_loopback(ws: &Workspace, class: &Path) {
    let out = tempfile::tempdir().unwrap();
    let output = grade(ws, &["--chapter", "2"], out.path(), &class.join("alice"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    let report = std::fs::read_to_string(out.path().join("alice/results.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let tests = report["totals"]["tests"].as_u64().unwrap();
    assert!(tests >= 10, "chapter 2 has its tests: {report:#}");
    assert_eq!(
        report["totals"]["passed"].as_u64(),
        Some(tests),
        "{report:#}"
    );
}

#[test]
fn a_path_that_is_no_checkout_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let assert = Command::new(env!("CARGO_BIN_EXE_workbook"))
        .arg("grade")
        .arg("--root")
        .arg(&workspace().root)
        .arg(empty.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("neither a learner's checkout"),
        "stderr:\n{stderr}"
    );
}

/// The book's grading page shows one test object of Bob's golden report,
/// `base64_stream::carries_leftover_bytes_between_chunks`, by line range; if
/// the golden file changes shape, the range in the page must follow.
#[test]
fn the_book_excerpt_of_a_golden_report_is_one_whole_test() {
    let ws = workspace();
    let golden = ws
        .fixtures_dir()
        .join("classroom/golden/bob-results.json.snap");
    let text = std::fs::read_to_string(golden).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let name = lines
        .iter()
        .position(|l| l.contains("\"base64_stream::carries_leftover_bytes_between_chunks\""))
        .expect("the test is in Bob's report");
    // 1-based, from the `{` before the name to the `},` after it.
    let (start, end) = (name, name + 6);
    assert_eq!(lines[start - 1], "        {");
    assert_eq!(lines[end - 1], "        },");
    let include = format!("bob-results.json.snap:{start}:{end}");
    let page = std::fs::read_to_string(ws.root.join("book/src/instructor/grading.md")).unwrap();
    assert!(
        page.contains(&include),
        "book/src/instructor/grading.md must include `{include}`"
    );
}
