//! The book's exercise plan (`book/src/instructor/exercise-plan.md`) shows
//! the time estimates that `workbook status` adds up: each exercise's
//! `minutes` in its chapter's `exercises.toml`. This test keeps the two the
//! same: one row per exercise in the manifests' order, the same minutes,
//! and each chapter's "About … in all" the sum of its rows.
//!
//! # Layout
//! `plan_rows` and `chapter_totals` read the page; the test compares.

use std::path::Path;

use harness::workspace::{CHAPTERS, Workspace};
use workbook::exercises::ChapterExercises;

fn workspace() -> Workspace {
    Workspace::at(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

fn plan(ws: &Workspace) -> String {
    std::fs::read_to_string(ws.root.join("book/src/instructor/exercise-plan.md")).unwrap()
}

/// `(chapter, exercise, minutes)` for each row of the per-chapter tables:
/// the rows under a `### Chapter N` heading whose first cell is a name in
/// code font.
fn plan_rows(text: &str) -> Vec<(String, String, u32)> {
    let mut rows = Vec::new();
    let mut chapter = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("### Chapter ") {
            let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
            chapter = Some(format!("{:0>2}", number));
        } else if line.starts_with("## ") {
            chapter = None;
        }
        let (Some(nn), Some(row)) = (&chapter, line.strip_prefix("| `")) else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        let name = cells[0].trim_end_matches('`').to_owned();
        let minutes = cells[3].trim().parse().unwrap_or_else(|_| {
            panic!("the Minutes cell of {name} is not a number: {line}");
        });
        rows.push((nn.clone(), name, minutes));
    }
    rows
}

/// `(chapter, minutes)` from each chapter's "About 3 h 45 min in all." line.
fn chapter_totals(text: &str) -> Vec<(String, u32)> {
    let pattern = regex::Regex::new(
        r"(?m)^### Chapter (\d+)[^\n]*\n\nAbout (?:(\d+) h)? ?(?:(\d+) min)? in all",
    )
    .unwrap();
    let number = |m: Option<regex::Match<'_>>| m.map_or(0, |m| m.as_str().parse::<u32>().unwrap());
    pattern
        .captures_iter(text)
        .map(|c| {
            let nn = format!("{:0>2}", &c[1]);
            (nn, number(c.get(2)) * 60 + number(c.get(3)))
        })
        .collect()
}

#[test]
fn the_plan_shows_every_exercises_estimate_from_its_manifest() {
    let ws = workspace();
    let text = plan(&ws);
    let mut expected = Vec::new();
    let mut totals = Vec::new();
    for nn in CHAPTERS {
        let chapter = ChapterExercises::load(&ws, nn).unwrap();
        let rows = chapter
            .exercises
            .iter()
            .map(|e| (nn.to_owned(), e.name.clone(), e.minutes));
        expected.extend(rows);
        let total = chapter.exercises.iter().map(|e| e.minutes).sum();
        totals.push((nn.to_owned(), total));
    }
    assert_eq!(
        plan_rows(&text),
        expected,
        "the exercise plan's tables differ from the exercises.toml files"
    );
    assert_eq!(
        chapter_totals(&text),
        totals,
        "a chapter's \"About … in all\" is not the sum of its exercises' minutes"
    );
}
