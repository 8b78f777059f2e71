//! The book's part for implementers is the cases' own contracts: every
//! page under `book/src/implementers/` must be exactly what
//! `cargo workbook conform --describe-all --markdown book/src/implementers`
//! writes, `SUMMARY.md` must list them all, and `conform --describe CASE`
//! must print every case's contract, rules included.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use conform::contract;
use conform::{CaseInfo, cases};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn infos() -> Vec<CaseInfo> {
    let cases = cases::all(&root()).unwrap();
    cases.iter().map(|c| c.info()).collect()
}

const REGENERATE: &str =
    "regenerate with `cargo workbook conform --describe-all --markdown book/src/implementers`";

#[test]
fn every_page_is_what_the_cases_say() {
    let dir = root().join("book/src/implementers");
    let pages = contract::pages(&infos());
    let mut wrong = Vec::new();
    for (file, text) in &pages {
        let on_disk = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        if &on_disk != text {
            wrong.push(file.clone());
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !pages.iter().any(|(f, _)| *f == name) {
            wrong.push(format!("{name} (no such case)"));
        }
    }
    assert!(
        wrong.is_empty(),
        "pages that disagree with the code: {wrong:?}; {REGENERATE}"
    );
}

#[test]
fn the_summary_lists_every_page() {
    let summary = std::fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let part = contract::summary_part(&infos());
    assert!(
        summary.contains(&part),
        "book/src/SUMMARY.md lacks this part (after the instructors' part):\n{part}"
    );
}

#[test]
fn describe_prints_every_cases_whole_contract() {
    for info in infos() {
        let out = Command::cargo_bin("workbook")
            .unwrap()
            .args(["conform", &info.name, "--describe"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {:?}", info.name, out);
        assert_eq!(text, contract::describe(&info), "{}", info.name);
        assert!(
            !info.contract.rules.is_empty(),
            "{} grades nothing",
            info.name
        );
        for rule in &info.contract.rules {
            assert!(
                text.contains(&rule.text),
                "{}: {} missing",
                info.name,
                rule.text
            );
        }
        for needle in [
            "role: ",
            "time limit: ",
            "variables:",
            "files:",
            "checked",
            "reproduce:",
        ] {
            assert!(
                text.contains(needle),
                "{}: no {needle:?} in\n{text}",
                info.name
            );
        }
    }
}

#[test]
fn list_groups_cases_by_seed_program_without_cutting_text() {
    let out = Command::cargo_bin("workbook")
        .unwrap()
        .args(["conform", "--list"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for (group, infos) in contract::grouped(&infos()) {
        assert!(text.lines().any(|l| l == group), "no header {group:?}");
        for info in infos {
            let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let summary: String = info
                .summary
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(words.contains(&summary), "{}'s summary is cut", info.name);
        }
    }
    assert!(text.contains("000 server (TCP, fixed reply)"));
}
