//! The conformance cases of chapter 8 run against our own programs (built
//! binaries, so no `cargo run` inside a test), and against a program that
//! only lists sizes (curl), which must fail. `pop_body`'s run belongs to
//! its exercise (`body_print::`): it passes once the exercise is solved.

use std::time::Duration;

use conform::Session;

fn session(argv: &[&str]) -> Session {
    Session::for_test(argv, Duration::from_secs(30))
}

#[test]
fn pop_headers_passes_the_headers_case() {
    session(&[env!("CARGO_BIN_EXE_pop_headers")]).assert_passes("pop3-client-headers");
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
    let report = session(&argv).report("pop3-client-headers");
    let text = report.assert_fails().render_plain();
    assert!(text.contains("Subject"), "{text}");
}

mod body_print {
    use super::*;

    #[test]
    fn pop_body_passes_the_body_case() {
        session(&[env!("CARGO_BIN_EXE_pop_body")]).assert_passes("pop3-client-body");
    }
}
