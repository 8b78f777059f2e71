//! `workbook` / `workbook status`: the learner's progress, and the book.
//!
//! For every chapter it checks the learner's code ([`crate::status`]: the
//! chapter's exercise tests, or with `--all` its whole suite, run again only
//! when a file it is built from changed; `--fresh` runs everything), prints
//! each chapter's exercises solved or not (with the estimated minutes of
//! each one still to do), an overall progress line with a bar and the time
//! left ([`overall`]), names the next exercise with the commands to check it
//! (and leaves that answer in [`workbook_start::NEXT_FILE`] for the next
//! `cargo workbook` to show at once), builds the book into `target/book` and
//! says where it is.
//!
//! Layout: [`Args`] and [`run`]; the printing helpers after them (a
//! chapter, an exercise's line, the progress line, skips, next, the book);
//! the progress line's drawing in [`overall`].

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::Root;
use crate::cargo_test::TIME_LIMIT;
use crate::cargo_test::Tally;
use crate::exercises::Exercise;
use crate::progress::Progress;
use crate::status::cache::{self, StatusCache};
use crate::status::{ChapterStatus, chapter_title, check_chapter, load_exercises};
use harness::term::{self, BOLD, CMD, DIM, FAIL, OK, WARN, paint};
use harness::workspace::{CHAPTERS, Workspace};

pub mod overall;

/// Arguments of `workbook status` (and of `workbook` without a subcommand).
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Only show the status; do not build the book.
    #[arg(long)]
    pub no_book: bool,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
    /// Run every chapter's tests again, even those whose files have not
    /// changed since the last check.
    #[arg(long)]
    pub fresh: bool,
    /// Run the worked examples' tests too (minutes: swarms, real peers, a
    /// browser), not only the exercises'.
    #[arg(long)]
    pub all: bool,
}

/// Runs `workbook status`.
pub fn run(args: Args) -> Result<ExitCode> {
    let ws = args.root.open()?;
    let mut cache = StatusCache::load(&ws);
    let chapters = check_chapters(&ws, &mut cache, args.fresh, args.all)?;
    anstream::println!("{}", paint(BOLD, "Your progress"));
    chapters.iter().for_each(print_chapter);
    print_overall(&chapters);
    print_skips(&chapters);
    print_next(&ws, &chapters);
    if !args.no_book {
        let fingerprint = cache::book_fingerprint(&ws);
        let index = ws.book_out_dir().join("index.html");
        if !args.fresh && cache.book_is(fingerprint) && index.exists() {
            anstream::println!();
            print_book_place(&ws, &index, " (unchanged since it was built)");
        } else {
            let good = print_book(&ws);
            cache.set_book(good.then_some(fingerprint));
        }
    }
    cache.save();
    Ok(ExitCode::SUCCESS)
}

/// Every chapter's status: from `cache` where nothing changed (unless
/// `fresh`), else from its tests, with a bar over the chapters.
fn check_chapters(
    ws: &Workspace,
    cache: &mut StatusCache,
    fresh: bool,
    all: bool,
) -> Result<Vec<ChapterStatus>> {
    let what = if all { "all tests" } else { "exercises" };
    let progress = Progress::bar(CHAPTERS.len(), format!("checking your chapters ({what})"));
    let mut chapters = Vec::new();
    for nn in CHAPTERS {
        let fingerprint = cache::fingerprint(ws, nn);
        let exercises = load_exercises(ws, nn)?;
        let stored = cache.get(nn, fingerprint, &exercises, chapter_title(ws, nn));
        let status = match stored {
            Some(status) if !fresh && (status.examples.is_some() || !all) => status,
            _ => check_chapter(ws, nn, all, &progress)?,
        };
        cache.put(fingerprint, &status);
        chapters.push(status);
        progress.step();
    }
    Ok(chapters)
}

fn print_chapter(ch: &ChapterStatus) {
    let title: String = ch.title.chars().take(24).collect();
    let head = format!("  {} {title:<24}", paint(BOLD, ch.nn));
    if let Some(error) = &ch.build_error {
        anstream::println!("{head} {}", paint(FAIL, "does not compile:"));
        anstream::println!("{}", term::indent(&term::first_lines(error, 8), 6));
    } else if ch.timed_out {
        let limit = TIME_LIMIT.as_secs();
        let msg = format!("tests stopped after {limit} s (is a loop not ending?)");
        anstream::println!("{head} {}", paint(FAIL, msg));
    } else if ch.is_unwritten() {
        anstream::println!("{head} {}", paint(DIM, "not written yet"));
    } else {
        print_counts(&head, ch);
    }
}

fn print_counts(head: &str, ch: &ChapterStatus) {
    let examples = match ch.examples.map(|ex| (ex.passed, ex.total())) {
        None => paint(DIM, "not run (--all)"),
        Some((_, 0)) => paint(DIM, "none yet"),
        Some((passed, n)) => paint(if passed == n { OK } else { WARN }, format!("{passed}/{n}")),
    };
    let solved = format!("{}/{}", ch.solved(), ch.exercises.len());
    let done = ch.solved() == ch.exercises.len();
    let solved = paint(if done { OK } else { WARN }, solved);
    let cached = if ch.cached {
        paint(DIM, " (unchanged since the last check)")
    } else {
        String::new()
    };
    anstream::println!("{head} examples {examples} · exercises {solved}{cached}");
    for (exercise, tally) in &ch.exercises {
        let broken = ch.broken.iter().any(|(name, _)| *name == exercise.name);
        anstream::println!("{}", exercise_line(exercise, *tally, broken));
    }
    // The error once (every broken exercise got the run's first one), and
    // where to look at them one by one.
    if let Some((name, error)) = ch.broken.first() {
        anstream::println!("{}", term::indent(&term::first_lines(error, 8), 6));
        let check = format!("cargo workbook check {} {name}", ch.nn);
        anstream::println!(
            "      {} (the chapter's other exercises were checked without it)",
            paint(CMD, check)
        );
    }
}

/// `✗ rot13            0/5 tests pass   ~15 min  rot13 as a filter`: the
/// mark, the name, how its tests went, the estimate (blank once solved: it
/// is time still to spend), the title.
fn exercise_line(exercise: &Exercise, tally: Tally, broken: bool) -> String {
    let detail = match tally.total() {
        _ if broken => paint(FAIL, format!("{:<16}", "does not compile")),
        0 => paint(DIM, format!("{:<16}", "no tests yet")),
        n => paint(
            DIM,
            format!("{:<16}", format!("{}/{n} tests pass", tally.passed)),
        ),
    };
    let solved = tally.all_passed();
    let estimate = if solved {
        String::new()
    } else {
        overall::estimate(exercise.minutes)
    };
    let estimate = paint(DIM, format!("{estimate:<8}"));
    let (mark, name, title) = (term::mark(solved), &exercise.name, &exercise.title);
    format!("     {mark} {name:<16} {detail} {estimate} {title}")
}

/// The progress over every chapter's exercises, with the time left.
fn print_overall(chapters: &[ChapterStatus]) {
    let total: usize = chapters.iter().map(|c| c.exercises.len()).sum();
    if total == 0 {
        return;
    }
    let solved = chapters.iter().map(ChapterStatus::solved).sum();
    let left = chapters.iter().map(ChapterStatus::minutes_left).sum();
    anstream::println!();
    let line = overall::progress_line(solved, total, left, overall::fancy());
    anstream::println!("{line}");
}

/// One line for the tests that skipped their work: how many, and what to
/// install so they run.
fn print_skips(chapters: &[ChapterStatus]) {
    let whys: Vec<&str> = chapters
        .iter()
        .flat_map(|c| &c.skipped)
        .map(String::as_str)
        .collect();
    if whys.is_empty() {
        return;
    }
    // "curl is not available (`curl --version` failed); …" names curl.
    let mut missing: Vec<&str> = whys
        .iter()
        .map(|why| why.split(" is not available").next().unwrap_or(why))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let n = whys.len();
    anstream::println!();
    anstream::println!(
        "{} {n} test{} skipped: install {} to run them (the book's Setup page lists the packages).",
        paint(WARN, "Skipped:"),
        if n == 1 { "" } else { "s" },
        missing.join(", ")
    );
}

/// The "Next:" box, also left in [`workbook_start::NEXT_FILE`].
fn print_next(ws: &Workspace, chapters: &[ChapterStatus]) {
    anstream::println!();
    let next = chapters
        .iter()
        .find_map(|ch| ch.first_unsolved().map(|e| (ch.nn, e)));
    let answer = next.map_or(String::new(), |(nn, e)| format!("{nn} {}\n", e.name));
    let file = ws.root.join(workbook_start::NEXT_FILE);
    // Only a speed-up for the next start: a failure to write costs nothing else.
    let _ = std::fs::create_dir_all(file.parent().unwrap_or(&ws.root));
    let _ = std::fs::write(&file, answer);
    let Some((nn, exercise)) = next else {
        anstream::println!(
            "{}",
            paint(OK, "Every exercise written so far is solved. Well done!")
        );
        return;
    };
    let ex = workbook_start::Exercise {
        name: exercise.name.clone(),
        title: exercise.title.clone(),
        test: exercise.test.clone(),
    };
    let style = |style: &str, text: &str| paint(if style == "bold" { BOLD } else { CMD }, text);
    for line in workbook_start::next_box(nn, &ex, &style) {
        anstream::println!("{line}");
    }
}

/// Builds the book and says where it is; true when it built cleanly.
fn print_book(ws: &Workspace) -> bool {
    anstream::println!();
    let progress = Progress::spinner("building the book");
    let report = crate::book::check_book(&ws.root.join("book"), &ws.book_out_dir());
    drop(progress);
    match report {
        Ok(report) => {
            print_book_place(ws, &report.index, "");
            let problems = report.problems();
            for problem in &problems {
                anstream::println!("  {} {problem}", paint(WARN, "warning:"));
            }
            problems.is_empty()
        }
        Err(err) => {
            anstream::println!("{} {err:#}", paint(FAIL, "The book did not build:"));
            false
        }
    }
}

fn print_book_place(ws: &Workspace, index: &Path, note: &str) {
    anstream::println!(
        "{} {}{} (open it in a browser, or run {})",
        paint(BOLD, "The book:"),
        paint(CMD, term::relative(index, &ws.root)),
        paint(DIM, note),
        paint(CMD, "cargo workbook book --serve")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn an_unsolved_exercise_shows_its_estimate_and_a_solved_one_does_not() {
        let exercise = Exercise {
            name: "rot13".into(),
            title: "rot13 as a filter".into(),
            hints: vec![],
            seed: "s".into(),
            test: "rot13::".into(),
            minutes: 15,
        };
        let tally = |passed, failed| Tally {
            passed,
            failed,
            ignored: 0,
        };
        let lines = [
            exercise_line(&exercise, tally(1, 4), false),
            exercise_line(&exercise, tally(5, 0), false),
            exercise_line(&exercise, tally(0, 0), true),
        ];
        assert_eq!(
            lines.map(|line| plain(&line)),
            [
                "     ✗ rot13            1/5 tests pass   ~15 min  rot13 as a filter",
                "     ✓ rot13            5/5 tests pass            rot13 as a filter",
                "     ✗ rot13            does not compile ~15 min  rot13 as a filter",
            ]
        );
    }
}
