//! One learner, one chapter: put the learner's files in, build until it
//! compiles (putting back the stub of each exercise a compiler error points
//! into), then run every selected test.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::compile::{Build, blame, render_errors};
use super::report::{ExerciseReport, Status, Submitted, TestReport};
use super::workdir::MAX_EXERCISE_FILE;
use super::{Grader, Learner, Plan};
use crate::exercises::Exercise;

/// The reports of `plan`'s exercises for `learner`.
pub(super) fn grade(
    grader: &Grader,
    plan: &Plan,
    learner: &Learner,
    progress: &(dyn Fn(&str) + Sync),
) -> Vec<ExerciseReport> {
    let nn = plan.chapter.chapter;
    let mut reports: Vec<ExerciseReport> = plan
        .exercises
        .iter()
        .map(|(ex, stub)| put_file(grader, plan, learner, ex, stub))
        .collect();
    progress(&format!("building chapter {nn}"));
    let mut reverted = vec![false; reports.len()];
    let exe = match build_with_repairs(grader, plan, &mut reports, &mut reverted) {
        Ok(exe) => exe,
        Err(message) => {
            for r in &mut reports {
                r.status = Status::Error;
                r.message = Some(message.clone());
            }
            put_back_stubs(grader, plan, &mut reports);
            return reports;
        }
    };
    run_tests(grader, plan, &exe, &mut reports, &reverted, progress);
    put_back_stubs(grader, plan, &mut reports);
    reports
}

/// Writes the learner's file (or the stub) into the grading copy.
fn put_file(
    grader: &Grader,
    plan: &Plan,
    learner: &Learner,
    ex: &Exercise,
    stub: &[u8],
) -> ExerciseReport {
    let rel = format!(
        "chapters/chapter-{}/src/exercises/{}.rs",
        plan.chapter.chapter, ex.name
    );
    let mut report = ExerciseReport {
        chapter: plan.chapter.chapter.to_owned(),
        exercise: ex.name.clone(),
        file: rel.clone(),
        submitted: Submitted::Missing,
        status: Status::Error,
        message: None,
        tests: Vec::new(),
    };
    let (content, message) = learner_file(learner, &rel);
    report.message = message;
    report.submitted = match &content {
        None => Submitted::Missing,
        Some(bytes) if bytes == stub => Submitted::Untouched,
        Some(_) => Submitted::Changed,
    };
    let bytes = content.as_deref().unwrap_or(stub);
    if let Err(e) = grader.work.put(&rel, bytes) {
        report.message = Some(format!("{e:#}"));
    }
    report
}

/// The learner's file `rel`, if there is one to grade, and why not where
/// there is one that is not taken.
fn learner_file(learner: &Learner, rel: &str) -> (Option<Vec<u8>>, Option<String>) {
    let path = learner.root.join(rel);
    match std::fs::metadata(&path) {
        Err(_) => (None, None),
        Ok(_) if !inside(&learner.root, &path) => {
            let why = "the file is a link to somewhere outside the checkout: graded as the stub";
            (None, Some(why.into()))
        }
        Ok(meta) if meta.len() > MAX_EXERCISE_FILE => {
            let why = format!(
                "the file is {} bytes, over the {MAX_EXERCISE_FILE}-byte limit: graded as the stub",
                meta.len()
            );
            (None, Some(why))
        }
        Ok(_) => (std::fs::read(&path).ok(), None),
    }
}

/// Leaves the chapter's exercise files as handed out. Later chapters
/// depend on earlier ones' libraries (7 on 6, 8 on 6 and 7, 4 on 2), and so
/// compile their exercise modules too: a learner's file that does not
/// compile must not break another chapter's build, nor one learner's file
/// linger into the next learner's grading.
fn put_back_stubs(grader: &Grader, plan: &Plan, reports: &mut [ExerciseReport]) {
    for ((_, stub), report) in plan.exercises.iter().zip(reports) {
        if let Err(e) = grader.work.put(&report.file, stub) {
            report.status = Status::Error;
            report.message = Some(format!("{e:#}"));
        }
    }
}

/// Whether `path`, links resolved, is inside `root` (canonical already): a
/// learner's file must not be a link to, say, the instructor's solutions.
fn inside(root: &std::path::Path, path: &std::path::Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// Builds; on compiler errors, puts back the stubs of the learner's files
/// the errors point into and tries again. Err: the chapter cannot be built.
fn build_with_repairs(
    grader: &Grader,
    plan: &Plan,
    reports: &mut [ExerciseReport],
    reverted: &mut [bool],
) -> Result<std::path::PathBuf, String> {
    // Each round puts back at least one file, so this ends.
    for _ in 0..=reports.len() {
        let errors = match grader
            .work
            .build(plan.chapter.chapter, grader.build_timeout)
        {
            Ok(Build::Built(exe)) => return Ok(exe),
            Ok(Build::Errors(errors)) => errors,
            Ok(Build::Failed(why)) => return Err(format!("the chapter could not be built: {why}")),
            Err(e) => return Err(format!("{e:#}")),
        };
        let blamed = blame(reports, reverted, &errors);
        if blamed.is_empty() {
            return Err(render_errors(errors.iter()));
        }
        for (i, errs) in blamed {
            let (ex, stub) = &plan.exercises[i];
            let rel = &reports[i].file;
            if let Err(e) = grader.work.put(rel, stub) {
                return Err(format!("cannot put back the stub of {}: {e:#}", ex.name));
            }
            reports[i].message = Some(render_errors(errs.into_iter()));
            reverted[i] = true;
        }
    }
    Err("the chapter still does not compile with every stub put back".into())
}

/// Lists the executable's tests and runs the selected ones, `jobs` at once.
fn run_tests(
    grader: &Grader,
    plan: &Plan,
    exe: &std::path::Path,
    reports: &mut [ExerciseReport],
    reverted: &[bool],
    progress: &(dyn Fn(&str) + Sync),
) {
    let names = match super::run::list_tests(exe) {
        Ok(names) => names,
        Err(e) => {
            for r in reports.iter_mut() {
                r.message = Some(format!("{e:#}"));
            }
            return;
        }
    };
    let mut jobs = Vec::new();
    for (i, (ex, _)) in plan.exercises.iter().enumerate() {
        for name in names.iter().filter(|n| n.starts_with(&ex.test)) {
            jobs.push((i, name.clone()));
        }
    }
    let cwd = grader.work.ws.chapter_dir(plan.chapter.chapter);
    let not_compiled: Vec<String> = reports.iter().map(not_compiled).collect();
    let run_one = |(i, name): &(usize, String)| {
        if reverted[*i] {
            return not_run(name, &not_compiled[*i]);
        }
        let report = grader.runner.run(exe, &cwd, name);
        report.unwrap_or_else(|e| not_run(name, &format!("{e:#}")))
    };
    for (job, report) in in_parallel(&jobs, grader.jobs, run_one, progress) {
        reports[jobs[job].0].tests.push(report);
    }
    for r in reports.iter_mut() {
        r.tests.sort_by(|a, b| a.name.cmp(&b.name));
        r.settle();
        if r.tests.is_empty() && r.message.is_none() {
            r.message = Some("no tests found for this exercise".into());
        }
    }
}

/// Runs `work` on every job, `workers` at once, saying on `progress` how
/// many are done; each result comes with its job's index.
fn in_parallel<J: Sync, R: Send>(
    jobs: &[J],
    workers: usize,
    work: impl Fn(&J) -> R + Sync,
    progress: &(dyn Fn(&str) + Sync),
) -> Vec<(usize, R)> {
    let results = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let total = jobs.len();
    std::thread::scope(|scope| {
        for _ in 0..workers.min(total.max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let result = work(job);
                    let mut done = results.lock().unwrap_or_else(PoisonError::into_inner);
                    done.push((i, result));
                    progress(&format!("{}/{total} tests", done.len()));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Why the tests of an exercise that does not compile were not run: its
/// first error.
fn not_compiled(report: &ExerciseReport) -> String {
    let first = report.message.as_deref().and_then(|m| m.lines().nth(1));
    format!(
        "not run: the exercise does not compile ({})",
        first.unwrap_or("?")
    )
}

fn not_run(name: &str, message: &str) -> TestReport {
    TestReport {
        name: name.to_owned(),
        status: Status::Error,
        message: Some(message.to_owned()),
        output: String::new(),
        duration_ms: 0,
    }
}
