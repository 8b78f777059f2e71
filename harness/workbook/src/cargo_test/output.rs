//! Reading `cargo test`'s messages: the sans-I/O [`Parser`] that turns them
//! into a [`TestRun`], the learner's [`digest`] of them, and [`describe`]
//! for progress displays.
//!
//! Compiler errors come as cargo's JSON messages, rendered by rustc; the
//! rest (cargo's `Running …` notes and everything libtest prints) as text
//! lines, read here.
//!
//! # Layout
//! The parser, then the digest, then `describe`, then unit tests on
//! captured output.

use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;

use super::{Outcome, Skip, TestResult, TestRun};

/// The sans-I/O parser of `cargo test`'s messages.
#[derive(Debug, Default)]
pub struct Parser {
    target: String,
    results: Vec<TestResult>,
    summaries: usize,
    build_failed: bool,
    first_error: Option<String>,
    error_files: Vec<String>,
    tail: Vec<String>,
    skipped: Vec<Skip>,
}

/// How many lines of a compiler error (or of cargo's last words) to keep.
const ERROR_LINES: usize = 12;

impl Parser {
    /// Takes one message.
    pub fn feed(&mut self, message: &Message) {
        match message {
            Message::TextLine(line) => self.feed_line(line),
            Message::BuildFinished(finished) => self.build_failed |= !finished.success,
            _ => {
                if let (None, Some(error)) = (&self.first_error, compiler_error(message)) {
                    let lines: Vec<&str> = error.trim_end().lines().take(ERROR_LINES).collect();
                    self.first_error = Some(lines.join("\n"));
                }
                for file in error_files(message) {
                    if !self.error_files.contains(&file) {
                        self.error_files.push(file);
                    }
                }
            }
        }
    }

    fn feed_line(&mut self, line: &str) {
        if self.tail.len() == ERROR_LINES {
            self.tail.remove(0);
        }
        self.tail.push(line.to_owned());
        let trimmed = line.trim_start();
        if let Some(skip) = line.strip_prefix(harness::real::SKIP_PREFIX) {
            let (test, why) = skip.split_once(": ").unwrap_or((skip, ""));
            let (test, why) = (test.to_owned(), why.to_owned());
            self.skipped.push(Skip { test, why });
        } else if let Some(rest) = trimmed.strip_prefix("Running ") {
            self.target = rest.split(" (").next().unwrap_or(rest).to_owned();
        } else if trimmed.starts_with("Doc-tests ") {
            "doc-tests".clone_into(&mut self.target);
        } else if let Some((name, outcome)) = parse_test_line(line) {
            self.results.push(TestResult {
                target: self.target.clone(),
                name: name.to_owned(),
                outcome,
            });
        } else if line.starts_with("test result: ") {
            self.summaries += 1;
        }
    }

    /// The parsed run; `success` is whether cargo exited successfully.
    pub fn finish(self, success: bool) -> TestRun {
        // No test binary reported a summary and cargo failed: it never got as
        // far as running tests (a broken manifest, a missing package, …).
        let never_ran = !success && self.summaries == 0 && self.results.is_empty();
        let build_error = (self.build_failed || never_ran)
            .then(|| self.first_error.unwrap_or_else(|| self.tail.join("\n")));
        TestRun {
            results: self.results,
            build_error,
            timed_out: false,
            success,
            skipped: self.skipped,
            error_files: self.error_files,
        }
    }
}

/// The files a compiler error's primary spans are in.
fn error_files(message: &Message) -> Vec<String> {
    let Message::CompilerMessage(m) = message else {
        return Vec::new();
    };
    if !matches!(m.message.level, DiagnosticLevel::Error) {
        return Vec::new();
    }
    m.message
        .spans
        .iter()
        .filter(|s| s.is_primary)
        .map(|s| s.file_name.clone())
        .collect()
}

/// A compiler error as rustc rendered it (in colour).
fn compiler_error(message: &Message) -> Option<&str> {
    let Message::CompilerMessage(m) = message else {
        return None;
    };
    let error = matches!(
        m.message.level,
        DiagnosticLevel::Error | DiagnosticLevel::Ice
    );
    error.then_some(m.message.rendered.as_deref()?)
}

/// `test NAME ... ok|FAILED|ignored` as (name, outcome), if `message` is one.
pub(super) fn test_line(message: &Message) -> Option<(&str, Outcome)> {
    match message {
        Message::TextLine(line) => parse_test_line(line),
        _ => None,
    }
}

/// Most lines kept of one failing test's output in a [`digest`].
const FAILURE_LINES: usize = 8;

/// The part of `cargo test`'s output a learner needs: compiler errors (each
/// once: a library and its tests report the same error), one line per test,
/// and the first lines of each failure's output (without the repeats a
/// property test's shrinking produces). Cargo's progress lines and the
/// per-binary summaries are left out.
pub fn digest(messages: &[Message]) -> Vec<String> {
    let mut out = Vec::new();
    let mut errors: Vec<&str> = Vec::new();
    let mut failure: Option<Vec<&str>> = None;
    for message in messages {
        if let Some(error) = compiler_error(message).filter(|e| !errors.contains(e)) {
            errors.push(error);
            out.extend(error.trim_end().lines().map(str::to_owned));
            out.push(String::new());
        }
        let Message::TextLine(line) = message else {
            continue;
        };
        if line.starts_with("---- ") && line.ends_with(" ----") {
            failure = Some(Vec::new());
            out.extend([String::new(), line.clone()]);
        } else if line == "failures:" || line.starts_with("test result: ") {
            failure = None;
        } else if parse_test_line(line).is_some() {
            out.push(line.clone());
        } else if let Some(seen) = &mut failure
            && !line.trim().is_empty()
            && seen.len() < FAILURE_LINES
            && !seen.contains(&line.as_str())
        {
            seen.push(line);
            out.push(line.clone());
        }
    }
    out
}

/// Parses `test NAME ... ok|FAILED|ignored[, reason]`.
fn parse_test_line(line: &str) -> Option<(&str, Outcome)> {
    let rest = line.strip_prefix("test ")?;
    let (name, verdict) = rest.rsplit_once(" ... ")?;
    let outcome = match verdict.split(',').next()?.trim() {
        "ok" => Outcome::Passed,
        "FAILED" => Outcome::Failed,
        "ignored" => Outcome::Ignored,
        _ => return None,
    };
    Some((name, outcome))
}

/// A short description of a message for a progress display:
/// `compiling chapter-06`, `running tests/exercises/main.rs`, or `None`.
pub fn describe(message: &Message) -> Option<String> {
    let Message::TextLine(line) = message else {
        return None;
    };
    let trimmed = line.trim_start();
    if trimmed.starts_with("Blocking waiting for file lock") {
        return Some("waiting for another cargo to finish".to_owned());
    }
    for (prefix, verb) in [("Compiling ", "compiling"), ("Running ", "running")] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            let what = rest.split([' ', '(']).next().unwrap_or(rest);
            return Some(format!("{verb} {what}"));
        }
    }
    trimmed
        .starts_with("Doc-tests ")
        .then(|| "running doc-tests".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each line of `text` as the text message it is.
    fn lines(text: &str) -> Vec<Message> {
        text.lines()
            .map(|l| Message::TextLine(l.to_owned()))
            .collect()
    }

    fn compiler_message(level: &str, rendered: &str) -> Message {
        let target = json!({"kind": ["lib"], "crate_types": ["lib"], "name": "chapter_06",
            "src_path": "/w/chapters/chapter-06/src/lib.rs", "edition": "2024"});
        let message = json!({"message": "m", "code": null, "level": level, "spans": [],
            "children": [], "rendered": rendered});
        serde_json::from_value(json!({"reason": "compiler-message",
            "package_id": "path+file:///w/chapters/chapter-06#0.1.0",
            "target": target, "message": message}))
        .unwrap()
    }

    /// An error whose primary span is in `file`.
    fn error_in(file: &str) -> Message {
        let span = json!({"file_name": file, "byte_start": 0, "byte_end": 1, "line_start": 3,
            "line_end": 3, "column_start": 5, "column_end": 6, "is_primary": true, "text": [],
            "label": null, "suggested_replacement": null, "suggestion_applicability": null,
            "expansion": null});
        let mut m = compiler_message("error", "error: e\n");
        if let Message::CompilerMessage(cm) = &mut m {
            cm.message.spans = vec![serde_json::from_value(span).unwrap()];
        }
        m
    }

    #[test]
    fn the_exercise_that_broke_the_build_is_named() {
        let messages = [
            error_in("chapters/chapter-06/src/exercises/base64_stream.rs"),
            error_in("chapters/chapter-06/tests/exercises/eol_crlf.rs"),
            error_in("chapters/chapter-06/src/lib.rs"),
            build_finished(false),
        ];
        let run = parse(&messages, false);
        let names = ["rot13", "base64_stream", "eol_crlf", "qp_soft_breaks"];
        assert_eq!(run.broken_exercises(names), ["base64_stream", "eol_crlf"]);
    }

    fn build_finished(success: bool) -> Message {
        serde_json::from_value(json!({"reason": "build-finished", "success": success})).unwrap()
    }

    fn parse(messages: &[Message], success: bool) -> TestRun {
        let mut parser = Parser::default();
        messages.iter().for_each(|m| parser.feed(m));
        parser.finish(success)
    }

    #[test]
    fn reads_results_per_target() {
        let run = parse(
            &lines(
                "     Running unittests src/lib.rs (target/debug/deps/c-1)\n\
                 test tests::a ... ok\n\
                 test result: ok. 1 passed\n\
                 \x20    Running tests/exercises/main.rs (target/debug/deps/exercises-2)\n\
                 test rot13::b ... FAILED\n\
                 test rot13::c ... ignored, needs a peer\n\
                 error: test failed, to rerun pass `--test exercises`\n\
                 \x20  Doc-tests c\n\
                 test src/lib.rs - f (line 3) ... ok\n",
            ),
            false,
        );
        let names: Vec<_> = run
            .results
            .iter()
            .map(|r| (r.target.as_str(), r.name.as_str(), r.outcome))
            .collect();
        assert_eq!(
            names,
            [
                ("unittests src/lib.rs", "tests::a", Outcome::Passed),
                ("tests/exercises/main.rs", "rot13::b", Outcome::Failed),
                ("tests/exercises/main.rs", "rot13::c", Outcome::Ignored),
                ("doc-tests", "src/lib.rs - f (line 3)", Outcome::Passed),
            ]
        );
        assert_eq!(run.build_error, None);
        assert_eq!(run.tally("rot13::").failed, 1);
        assert_eq!(run.tally_unmatched(&["rot13::"]).passed, 2);
    }

    #[test]
    fn skip_lines_name_the_test_and_what_is_missing() {
        let run = parse(
            &lines(
                "SKIPPED real_peers::curl_fetches: curl is not available (`curl --version` failed); install it to run this test\n\
                 test real_peers::curl_fetches ... ok\n",
            ),
            true,
        );
        assert_eq!(run.results.len(), 1, "the skipped test still reports ok");
        assert_eq!(run.skipped.len(), 1);
        assert_eq!(run.skipped[0].test, "real_peers::curl_fetches");
        assert!(run.skipped[0].why.starts_with("curl is not available"));
    }

    #[test]
    fn a_compiler_error_is_a_build_error_as_rustc_rendered_it() {
        let mut messages = lines("   Compiling chapter-06 v0.1.0");
        messages.push(compiler_message("warning", "warning: unused variable\n"));
        let error = "\x1b[1merror[E0425]\x1b[0m: cannot find value `x` in this scope\n \
                     --> src/exercises/rot13.rs:3:5\n\n";
        messages.push(compiler_message("error", error));
        messages.extend(lines("error: could not compile `chapter-06` (lib)"));
        messages.push(build_finished(false));
        let err = parse(&messages, false).build_error.unwrap();
        assert!(err.starts_with("\x1b[1merror[E0425]"), "{err}");
        assert!(err.ends_with("rot13.rs:3:5"), "{err}");
    }

    #[test]
    fn a_failure_before_any_test_ran_is_a_build_error() {
        let run = parse(
            &lines("error: package ID specification `chapter-10` did not match\n"),
            false,
        );
        assert!(run.build_error.unwrap().contains("chapter-10"));
        let ran = lines("test result: ok. 0 passed\n");
        assert!(parse(&ran, true).build_error.is_none());
    }

    #[test]
    fn digest_keeps_errors_once_results_and_first_failure_lines() {
        let error = compiler_message("error", "error[E0425]: x\n --> a.rs:1:1\n\n");
        let mut messages = vec![error.clone(), error];
        messages.extend(lines(
            "   Compiling x\n\
             running 2 tests\n\
             test a ... ok\n\
             test b ... FAILED\n\
             \n\
             failures:\n\
             \n\
             ---- b stdout ----\n\
             panicked at x.rs:1\n\
             not yet implemented\n\
             panicked at x.rs:1\n\
             \n\
             failures:\n\
             \x20   b\n\
             test result: FAILED. 1 passed; 1 failed\n\
             error: test failed, to rerun pass `--test exercises`\n",
        ));
        assert_eq!(
            digest(&messages),
            [
                "error[E0425]: x",
                " --> a.rs:1:1",
                "",
                "test a ... ok",
                "test b ... FAILED",
                "",
                "---- b stdout ----",
                "panicked at x.rs:1",
                "not yet implemented",
            ]
        );
    }

    #[test]
    fn describes_progress() {
        let describe_line = |l: &str| describe(&Message::TextLine(l.to_owned()));
        assert_eq!(
            describe_line("   Compiling chapter-06 v0.1.0 (/x)").as_deref(),
            Some("compiling chapter-06")
        );
        assert_eq!(
            describe_line("     Running tests/exercises/main.rs (target/x)").as_deref(),
            Some("running tests/exercises/main.rs")
        );
        assert_eq!(describe_line("test a ... ok"), None);
    }
}
