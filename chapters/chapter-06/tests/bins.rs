//! The chapter's programs run as processes: `mime_demo` prints the seed's
//! encodings (the committed `fixtures/mime_demo.out`, also shown in the book),
//! and `transform` streams the corpora, chains filters, and reports bad input
//! and bad usage with a non-zero exit.

use harness::golden::{assert_golden, assert_matches, corpus};
use harness::proc::{assert_every_help, bin};
use predicates::prelude::*;

#[test]
fn mime_demo_prints_the_seed_encodings() {
    let out = bin("mime_demo").assert().success();
    assert_golden("fixtures/mime_demo.out", &out.get_output().stdout);
}

#[test]
fn mime_demo_takes_other_text_and_rejects_non_latin1() {
    bin("mime_demo")
        .args(["--utf8", "naïve ☃"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "quoted-printable   [na=C3=AFve =E2=98=83] OK",
        ));
    bin("mime_demo")
        .arg("☃")
        .assert()
        .failure()
        .stderr(predicate::str::contains("Latin-1"));
}

#[test]
fn every_binary_has_help() {
    assert_every_help(&["mime_demo", "transform", "transform_bench"]);
}

#[test]
fn transform_reproduces_the_conformance_corpora() {
    for (case, filter) in [
        ("base64", "base64-encode"),
        ("quoted-printable", "quoted-printable"),
        ("rot13", "rot13"),
    ] {
        for (input, expected) in corpus(format!("../../fixtures/corpus/{case}")) {
            let out = bin("transform")
                .arg(filter)
                .pipe_stdin(&input)
                .unwrap()
                .assert()
                .success();
            assert_matches(expected, &out.get_output().stdout);
        }
    }
}

#[test]
fn transform_chains_filters_and_streams_a_large_input() {
    let data: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let encoded = bin("transform")
        .args(["base64", "wrap"])
        .write_stdin(data.clone())
        .assert()
        .success();
    let encoded = encoded.get_output().stdout.clone();
    assert!(encoded.split(|&b| b == b'\n').all(|line| line.len() <= 77));
    let decoded = bin("transform")
        .args(["--block-size", "1000", "base64-decode"])
        .write_stdin(encoded)
        .assert()
        .success();
    assert!(
        decoded.get_output().stdout == data,
        "round trip through two processes"
    );
}

#[test]
fn transform_reports_peak_memory_when_asked() {
    bin("transform")
        .args(["--stats", "identity"])
        .write_stdin("abc")
        .assert()
        .success()
        .stdout("abc")
        .stderr(predicate::str::is_match(r"bytes_in=3 vmhwm_kib=\d+").unwrap());
}

#[test]
fn transform_rejects_bad_input_and_bad_usage() {
    bin("transform")
        .arg("base64-decode")
        .write_stdin("TWFu!")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid base64 byte 0x21 at offset 4",
        ));
    bin("transform")
        .arg("no-such-filter")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--list"));
    bin("transform")
        .args(["-i", "/nonexistent/file", "rot13"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot open"));
    bin("transform")
        .arg("--list")
        .assert()
        .success()
        .stdout(predicate::str::contains("quoted-printable"));
}

#[test]
fn transform_bench_runs_a_small_measurement() {
    // Tiny sizes: this checks that the benchmark works, not how fast we are.
    let tmp = tempfile::tempdir().unwrap();
    bin("transform_bench")
        .args([
            "--size",
            "256KiB",
            "--lua-size",
            "64KiB",
            "--runs",
            "1",
            "--dir",
        ])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("coreutils base64 -w0"))
        .stdout(predicate::str::is_match(r"peak RSS of transform\s+\d+ KiB").unwrap());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "input files are removed"
    );
}
