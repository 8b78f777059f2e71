//! One learner, one chapter: put the learner's files in, build until it
//! compiles (putting back the stub of each exercise a compiler error points
//! into), then run every selected test.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::report::{ExerciseReport, Status, Submitted, TestReport};
use super::workdir::{Build, CompileError, MAX_EXERCISE_FILE, render_errors};
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
    let path = learner.root.join(&rel);
    let content = match std::fs::metadata(&path) {
        Err(_) => None,
        Ok(_) if !inside(&learner.root, &path) => {
            report.message = Some(
                "the file is a link to somewhere outside the checkout: graded as the stub".into(),
            );
            None
        }
        Ok(meta) if meta.len() > MAX_EXERCISE_FILE => {
            report.message = Some(format!(
                "the file is {} bytes, over the {MAX_EXERCISE_FILE}-byte limit: graded as the stub",
                meta.len()
            ));
            None
        }
        Ok(_) => std::fs::read(&path).ok(),
    };
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
        let blamed = blame(grader, plan, reports, reverted, &errors);
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

/// Which learner-written exercises (index into `reports`) each error
/// points into; only files not already put back count.
fn blame<'e>(
    grader: &Grader,
    plan: &Plan,
    reports: &[ExerciseReport],
    reverted: &[bool],
    errors: &'e [CompileError],
) -> BTreeMap<usize, Vec<&'e CompileError>> {
    let mut blamed: BTreeMap<usize, Vec<&CompileError>> = BTreeMap::new();
    let tests_file = format!(
        "chapters/chapter-{}/tests/exercises.rs",
        plan.chapter.chapter
    );
    let modules = inline_modules(&plan.chapter, &grader.work.ws.root.join(&tests_file));
    for error in errors {
        for (file, line) in &error.spans {
            let name = exercise_of(file, *line, &tests_file, &modules);
            let hit = reports.iter().enumerate().position(|(i, r)| {
                Some(r.exercise.as_str()) == name
                    && r.submitted == Submitted::Changed
                    && !reverted[i]
            });
            if let Some(i) = hit {
                let list = blamed.entry(i).or_default();
                if !list.iter().any(|e| std::ptr::eq(*e, error)) {
                    list.push(error);
                }
            }
        }
    }
    blamed
}

/// The exercise a source position belongs to: its stub, its test file
/// `tests/exercises/<name>.rs`, or its `mod <name>` in `tests/exercises.rs`.
fn exercise_of<'a>(
    file: &'a str,
    line: usize,
    tests_file: &str,
    modules: &'a [(usize, String)],
) -> Option<&'a str> {
    let stem = || file.rsplit('/').next()?.strip_suffix(".rs");
    if file.contains("/src/exercises/") || file.contains("/tests/exercises/") {
        return stem();
    }
    if file == tests_file {
        return modules
            .iter()
            .rev()
            .find(|(start, _)| *start <= line)
            .map(|(_, name)| name.as_str());
    }
    None
}

/// `(line, name)` of each top-level `mod <exercise>` in the tests file.
fn inline_modules(
    chapter: &crate::exercises::ChapterExercises,
    path: &std::path::Path,
) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let name = l
                .strip_prefix("mod ")?
                .trim_end_matches(" {")
                .trim_end_matches(';');
            chapter.find(name).map(|_| (i + 1, name.to_owned()))
        })
        .collect()
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
    // A test of an exercise that does not compile names the first error.
    let compile_errors: Vec<String> = reports
        .iter()
        .map(|r| {
            let first = r.message.as_deref().and_then(|m| m.lines().nth(1));
            format!(
                "not run: the exercise does not compile ({})",
                first.unwrap_or("?")
            )
        })
        .collect();
    let results = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let total = jobs.len();
    std::thread::scope(|scope| {
        for _ in 0..grader.jobs.min(total.max(1)) {
            scope.spawn(|| {
                while let Some((i, name)) = jobs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let report = if reverted[*i] {
                        not_run(name, &compile_errors[*i])
                    } else {
                        grader
                            .runner
                            .run(exe, &cwd, name)
                            .unwrap_or_else(|e| not_run(name, &format!("{e:#}")))
                    };
                    let mut done = results.lock().unwrap_or_else(|p| p.into_inner());
                    done.push((*i, report));
                    progress(&format!("{}/{total} tests", done.len()));
                }
            });
        }
    });
    for (i, report) in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
        reports[i].tests.push(report);
    }
    for r in reports.iter_mut() {
        r.tests.sort_by(|a, b| a.name.cmp(&b.name));
        r.settle();
        if r.tests.is_empty() && r.message.is_none() {
            r.message = Some("no tests found for this exercise".into());
        }
    }
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
