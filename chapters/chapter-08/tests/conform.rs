//! The conformance cases of chapter 8 run against our own programs (built
//! binaries, so no `cargo run` inside a test), and against a program that
//! only lists sizes (curl), which must fail. `pop_body`'s run belongs to
//! its exercise (`body_print::`): it passes once the exercise is solved.

use std::time::Duration;

use conform::cases::pop3_client::Pop3Client;
use conform::runner::{Mode, run};
use conform::{Grade, Session};

fn session(argv: &[&str]) -> Session {
    Session::for_test(argv, Duration::from_secs(30))
}

fn passes_fully(case: Pop3Client, bin: &str) {
    let report = run(&case, &session(&[bin]), Mode::Compare).unwrap();
    assert!(report.verdict.passed(), "{}", report.render());
    assert!(
        report.checks.iter().all(|c| c.grade == Grade::Ok),
        "{}",
        report.render()
    );
}

#[test]
fn pop_headers_passes_the_headers_case() {
    passes_fully(
        Pop3Client { body: false },
        env!("CARGO_BIN_EXE_pop_headers"),
    );
}

#[test]
fn a_client_that_only_lists_fails() {
    if !harness::real::available("curl", &["curl", "--version"]) {
        return;
    }
    let argv = [
        "sh",
        "-c",
        "curl -sS -u \"$POP3_USER:$POP3_PASS\" pop3://{host}:{port}/",
    ];
    let report = run(&Pop3Client { body: false }, &session(&argv), Mode::Compare).unwrap();
    assert!(!report.verdict.passed(), "{}", report.render());
    let text = report.render();
    assert!(text.contains("Subject"), "{text}");
}

mod body_print {
    use super::*;

    #[test]
    fn pop_body_passes_the_body_case() {
        passes_fully(Pop3Client { body: true }, env!("CARGO_BIN_EXE_pop_body"));
    }
}
