//! The test runs of `workbook verify`: one `cargo test` of a chapter on the
//! stubs and one with `--features solutions`, with the results mapped to the
//! exercises by their filters.

use anyhow::Result;

use super::checks::{ChapterReport, Check, Row};
use crate::cargo_test::{CargoTest, Outcome, TIME_LIMIT, TestResult, TestRun};
use crate::exercises::{ChapterExercises, Exercise};
use crate::progress::Progress;
use harness::term;
use harness::workspace::Workspace;

/// Runs the chapter's tests on the stubs and with the solutions, and checks
/// each exercise's tests and the worked examples' tests.
pub(super) fn check_tests(
    ws: &Workspace,
    ch: &ChapterExercises,
    out: &mut ChapterReport,
) -> Result<()> {
    let nn = ch.chapter;
    let stubs = run(ws, nn, false)?;
    let solutions = run(ws, nn, true)?;
    let runs = [("the stubs", &stubs), ("the solutions", &solutions)];
    // Both runs are looked at (no short cut), so both are reported.
    let finished: Vec<bool> = runs
        .iter()
        .map(|(mode, run)| ran_to_the_end(nn, mode, run, out))
        .collect();
    if finished.contains(&false) {
        return Ok(());
    }
    for (ex, row) in ch.exercises.iter().zip(out.rows.iter_mut()) {
        for message in check_exercise(ex, &stubs, &solutions, row) {
            let violation = format!("chapter {nn}, {}: {message}", ex.name);
            out.violations.push(violation);
        }
    }
    check_examples(ch, &runs, out);
    Ok(())
}

/// Whether a run compiled and finished; a violation when it did not.
fn ran_to_the_end(nn: &str, mode: &str, run: &TestRun, out: &mut ChapterReport) -> bool {
    if let Some(error) = &run.build_error {
        let error = term::indent(&term::first_lines(error, 10), 4);
        out.violation(nn, None, format!("does not compile with {mode}:\n{error}"));
        return false;
    }
    if run.timed_out {
        let limit = TIME_LIMIT.as_secs();
        out.violation(
            nn,
            None,
            format!("the tests with {mode} did not finish within {limit} s"),
        );
        return false;
    }
    true
}

fn run(ws: &Workspace, nn: &str, solutions: bool) -> Result<TestRun> {
    let mode = if solutions {
        "the solutions"
    } else {
        "the stubs"
    };
    let progress = Progress::spinner(format!("testing chapter {nn} with {mode}"));
    CargoTest::chapter(ws, nn)
        .solutions(solutions)
        .run_with_progress(&progress)
}

/// Checks one exercise's tests in both runs; returns the violations.
fn check_exercise(
    ex: &Exercise,
    stubs: &TestRun,
    solutions: &TestRun,
    row: &mut Row,
) -> Vec<String> {
    let on_stub: Vec<&TestResult> = stubs.matching(&ex.test).collect();
    let with_solution: Vec<&TestResult> = solutions.matching(&ex.test).collect();
    row.tests = Some(on_stub.len().max(with_solution.len()));
    if row.tests == Some(0) {
        let (filter, name) = (&ex.test, &ex.name);
        return vec![format!(
            "no test matches its filter `{filter}` (an exercise's tests live in tests/exercises/{name}.rs, as `mod {name}` of the `exercises` target)"
        )];
    }
    let mut found = Vec::new();
    let not_failing = names_unless(&on_stub, Outcome::Failed);
    row.stub_fails = Check::from(not_failing.is_empty());
    if !not_failing.is_empty() {
        found.push(format!(
            "{} of {} tests do not fail on the untouched stub: {}. A test that passes (or is ignored) \
             without the learner's code checks nothing: make it call the stub and assert on the result, \
             or restore the stub if it was replaced by a solution",
            not_failing.len(),
            on_stub.len(),
            list(&not_failing)
        ));
    }
    let not_passing = names_unless(&with_solution, Outcome::Passed);
    row.solution_passes = Check::from(not_passing.is_empty());
    if !not_passing.is_empty() {
        let (n, total, names) = (not_passing.len(), with_solution.len(), list(&not_passing));
        found.push(format!(
            "{n} of {total} tests do not pass with the reference solution: {names}"
        ));
    }
    found
}

/// The names of the tests whose outcome is not `expected`.
/// A test found outside the `exercises` target (a unit or doc test whose name
/// happens to contain the filter) is named with its target, so the message
/// says where it is.
fn names_unless(results: &[&TestResult], expected: Outcome) -> Vec<String> {
    let unexpected = results.iter().filter(|r| r.outcome != expected);
    unexpected
        .map(|r| match r.target.as_str() {
            crate::exercises::TESTS_TARGET => r.name.clone(),
            target => format!("{} (in {target})", r.name),
        })
        .collect()
}

/// The worked examples' tests (those no exercise filter selects) must pass
/// in both modes (DESIGN.md §4).
fn check_examples(ch: &ChapterExercises, runs: &[(&str, &TestRun)], out: &mut ChapterReport) {
    let filters: Vec<&str> = ch.exercises.iter().map(|e| e.test.as_str()).collect();
    for (mode, run) in runs {
        let failing: Vec<&str> = run
            .unmatched(&filters)
            .filter(|r| r.outcome == Outcome::Failed)
            .map(|r| r.name.as_str())
            .collect();
        if !failing.is_empty() {
            out.violation(
                ch.chapter,
                None,
                format!("worked-example tests fail with {mode}: {}", list(&failing)),
            );
        }
    }
}

/// `a, b, c` in sorted order (tests finish in any order), at most eight names,
/// then `and N more`.
fn list<S: AsRef<str>>(names: &[S]) -> String {
    const MAX: usize = 8;
    let mut names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    names.sort_unstable();
    let shown = names
        .iter()
        .take(MAX)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().checked_sub(MAX) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}
