//! Reading `cargo test`'s merged output: the sans-I/O [`LineParser`] that
//! turns lines into a [`TestRun`], the learner's [`digest`] of the output, and
//! [`describe`] for progress displays.
//!
//! Layout: the parser, then the digest, then `describe`, then unit tests on
//! captured output.

use super::{Outcome, TestResult, TestRun};

/// The sans-I/O parser of `cargo test`'s merged output.
#[derive(Debug, Default)]
pub struct LineParser {
    target: String,
    results: Vec<TestResult>,
    summaries: usize,
    could_not_compile: bool,
    first_error: Vec<String>,
    in_error: bool,
    tail: Vec<String>,
}

/// How many lines of a compiler error to keep.
const ERROR_LINES: usize = 12;

impl LineParser {
    /// Takes one line of output (without its newline).
    pub fn feed(&mut self, line: &str) {
        self.keep_tail(line);
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            self.target = rest.split(" (").next().unwrap_or(rest).to_owned();
        } else if trimmed.starts_with("Doc-tests ") {
            "doc-tests".clone_into(&mut self.target);
        } else if let Some(result) = parse_test_line(line) {
            self.results.push(TestResult {
                target: self.target.clone(),
                name: result.0.to_owned(),
                outcome: result.1,
            });
        } else if line.starts_with("test result: ") {
            self.summaries += 1;
        }
        self.track_error(line);
    }

    fn keep_tail(&mut self, line: &str) {
        if self.tail.len() == ERROR_LINES {
            self.tail.remove(0);
        }
        self.tail.push(line.to_owned());
    }

    fn track_error(&mut self, line: &str) {
        if line.starts_with("error: could not compile") {
            self.could_not_compile = true;
        }
        let starts_error = line.starts_with("error[") || line.starts_with("error: ");
        if self.first_error.is_empty() && starts_error && !is_test_failure_note(line) {
            self.in_error = true;
        } else if self.in_error && (line.is_empty() || self.first_error.len() >= ERROR_LINES) {
            self.in_error = false;
        }
        if self.in_error {
            self.first_error.push(line.to_owned());
        }
    }

    /// The parsed run; `success` is whether cargo exited successfully.
    pub fn finish(self, success: bool) -> TestRun {
        // No test binary reported a summary and cargo failed: it never got as
        // far as running tests (a compiler error, a broken manifest, …).
        let never_ran = !success && self.summaries == 0 && self.results.is_empty();
        let build_error = (self.could_not_compile || never_ran).then(|| {
            let lines = if self.first_error.is_empty() {
                self.tail
            } else {
                self.first_error
            };
            lines.join("\n")
        });
        TestRun {
            results: self.results,
            build_error,
            timed_out: false,
            success,
        }
    }
}

/// Cargo's notes after failed tests are not compiler errors.
fn is_test_failure_note(line: &str) -> bool {
    line.starts_with("error: test failed")
        || line.contains("target failed")
        || line.contains("targets failed")
}

/// Most lines kept of one failing test's output in a [`digest`].
const FAILURE_LINES: usize = 8;

/// The part of `cargo test`'s output a learner needs: compiler errors, one
/// line per test, and the first lines of each failure's output (without the
/// repeats a property test's shrinking produces). Cargo's progress lines and
/// the per-binary summaries are left out.
pub fn digest(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut failure: Option<Vec<&str>> = None;
    let mut in_error = false;
    for line in lines.iter().map(String::as_str) {
        if line.starts_with("---- ") && line.ends_with(" ----") {
            failure = Some(Vec::new());
            out.extend([String::new(), line.to_owned()]);
        } else if line == "failures:" || line.starts_with("test result: ") {
            failure = None;
        } else if parse_test_line(line).is_some() {
            out.push(line.to_owned());
        } else if let Some(seen) = &mut failure {
            if !line.trim().is_empty() && seen.len() < FAILURE_LINES && !seen.contains(&line) {
                seen.push(line);
                out.push(line.to_owned());
            }
        } else {
            in_error = track_compiler_error(line, in_error, &mut out);
        }
    }
    out
}

/// Keeps compiler error blocks (an `error…` line up to the next blank line).
fn track_compiler_error(line: &str, in_error: bool, out: &mut Vec<String>) -> bool {
    let starts =
        (line.starts_with("error[") || line.starts_with("error: ")) && !is_test_failure_note(line);
    if starts || (in_error && !line.is_empty()) {
        out.push(line.to_owned());
        return true;
    }
    if in_error {
        out.push(String::new());
    }
    false
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

/// A short description of a line of cargo output for a progress display:
/// `compiling chapter-06`, `running tests/exercises.rs`, or `None`.
pub fn describe(line: &str) -> Option<String> {
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

    fn parse(text: &str, success: bool) -> TestRun {
        let mut parser = LineParser::default();
        text.lines().for_each(|l| parser.feed(l));
        parser.finish(success)
    }

    #[test]
    fn reads_results_per_target() {
        let run = parse(
            "     Running unittests src/lib.rs (target/debug/deps/c-1)\n\
             test tests::a ... ok\n\
             test result: ok. 1 passed\n\
             \x20    Running tests/exercises.rs (target/debug/deps/exercises-2)\n\
             test rot13::b ... FAILED\n\
             test rot13::c ... ignored, needs a peer\n\
             error: test failed, to rerun pass `--test exercises`\n\
             \x20  Doc-tests c\n\
             test src/lib.rs - f (line 3) ... ok\n",
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
                ("tests/exercises.rs", "rot13::b", Outcome::Failed),
                ("tests/exercises.rs", "rot13::c", Outcome::Ignored),
                ("doc-tests", "src/lib.rs - f (line 3)", Outcome::Passed),
            ]
        );
        assert_eq!(run.build_error, None);
        assert_eq!(run.tally("rot13::").failed, 1);
        assert_eq!(run.tally_unmatched(&["rot13::"]).passed, 2);
    }

    #[test]
    fn a_compiler_error_is_a_build_error_with_its_first_lines() {
        let run = parse(
            "   Compiling chapter-06 v0.1.0\n\
             error[E0425]: cannot find value `x` in this scope\n\
             \x20--> src/exercises/rot13.rs:3:5\n\
             \n\
             error: could not compile `chapter-06` (lib) due to 1 previous error\n",
            false,
        );
        let err = run.build_error.unwrap();
        assert!(err.starts_with("error[E0425]: cannot find value"), "{err}");
        assert!(err.contains("rot13.rs:3:5"), "{err}");
        assert!(!err.contains("could not compile"), "{err}");
    }

    #[test]
    fn a_failure_before_any_test_ran_is_a_build_error() {
        let run = parse(
            "error: package ID specification `chapter-10` did not match\n",
            false,
        );
        assert!(run.build_error.unwrap().contains("chapter-10"));
        assert!(
            parse("test result: ok. 0 passed\n", true)
                .build_error
                .is_none()
        );
    }

    #[test]
    fn digest_keeps_errors_results_and_first_failure_lines() {
        let lines: Vec<String> = "   Compiling x\n\
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
             error: test failed, to rerun pass `--test exercises`\n"
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            digest(&lines),
            [
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
        assert_eq!(
            describe("   Compiling chapter-06 v0.1.0 (/x)").as_deref(),
            Some("compiling chapter-06")
        );
        assert_eq!(
            describe("     Running tests/exercises.rs (target/x)").as_deref(),
            Some("running tests/exercises.rs")
        );
        assert_eq!(describe("test a ... ok"), None);
    }
}
