//! The book's appendix must have a row for every section of every seed.
//!
//! `fixtures/seed-sections.txt` lists every section of the four seed texts
//! (`<seed>\t<title>`). This test checks that the appendix table in
//! `book/src/appendix/seed-map.md` has exactly one row per listed section, in
//! the same order, and that every row links only to book pages that exist.
//! When the seeds themselves are present beside the repository
//! (`../shared/seeds/`), it also checks that every Markdown heading of seed
//! 000 is listed, so a section cannot be forgotten in both places.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(seed, section, links)` for each row of the appendix table.
fn appendix_rows() -> Vec<(String, String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("book/src/appendix/seed-map.md")).unwrap();
    let link = regex::Regex::new(r"\]\(([^)]+)\)").unwrap();
    text.lines()
        .filter(|l| l.starts_with("| 00"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            assert!(cells.len() >= 3, "appendix row has too few cells: {line}");
            let links = link
                .captures_iter(cells[2])
                .map(|c| c[1].to_string())
                .collect();
            (
                cells[0].trim().to_string(),
                cells[1].trim().to_string(),
                links,
            )
        })
        .collect()
}

fn listed_sections() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("fixtures/seed-sections.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (seed, title) = l.split_once('\t').expect("<seed>\\t<title>");
            (seed.to_string(), title.to_string())
        })
        .collect()
}

#[test]
fn every_listed_section_has_exactly_one_row_in_order() {
    let rows: Vec<(String, String)> = appendix_rows()
        .into_iter()
        .map(|(s, t, _)| (s, t))
        .collect();
    let listed = listed_sections();
    for seed in ["000", "001", "002", "003"] {
        assert!(
            listed.iter().any(|(s, _)| s == seed),
            "seed {seed} has no sections listed"
        );
    }
    for (i, (want, got)) in listed.iter().zip(&rows).enumerate() {
        assert_eq!(
            want,
            got,
            "row {} of the appendix differs from the list",
            i + 1
        );
    }
    assert_eq!(listed.len(), rows.len(), "appendix rows vs listed sections");
}

#[test]
fn every_row_links_to_existing_pages() {
    let appendix_dir = root().join("book/src/appendix");
    for (seed, title, links) in appendix_rows() {
        assert!(!links.is_empty(), "row `{seed} {title}` names no page");
        for link in links {
            let file = link.split('#').next().unwrap();
            assert!(
                appendix_dir.join(file).is_file(),
                "row `{seed} {title}` links to {link}, which does not exist"
            );
        }
    }
}

#[test]
fn every_seed_heading_is_listed_when_the_seeds_are_present() {
    let seeds = root().join("../shared/seeds");
    let Ok(dir) = std::fs::read_dir(&seeds) else {
        eprintln!(
            "SKIP: {} not present; heading check not run",
            seeds.display()
        );
        return;
    };
    let listed = listed_sections();
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let prefix = &name[..3.min(name.len())];
        // Only seed 000 marks its sections with Markdown headings; 002 and 001
        // were extracted without them (a `#` line there is a shell comment).
        if prefix != "000" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for heading in text.lines().filter_map(|l| l.strip_prefix('#')) {
            let title = heading.trim_start_matches('#').trim();
            let is_listed = listed.iter().any(|(s, t)| s == prefix && t.contains(title));
            assert!(
                is_listed,
                "seed {prefix} heading `{title}` has no appendix row"
            );
        }
    }
}

/// The words a row promises its pages show: every `code` term of its notes
/// column (a program, an exercise, a case, a flag) must appear in one of the
/// pages it links to, and "question N" must be a numbered question there.
/// A row that points at a page which never mentions its topic fails here.
#[test]
fn every_row_points_at_pages_that_use_its_words() {
    let text = std::fs::read_to_string(root().join("book/src/appendix/seed-map.md")).unwrap();
    let appendix_dir = root().join("book/src/appendix");
    let link = regex::Regex::new(r"\]\(([^)#]+)").unwrap();
    let code = regex::Regex::new(r"`([^`]+)`").unwrap();
    let question = regex::Regex::new(r"questions? (\d+)(?: and (\d+))?").unwrap();
    let mut problems = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| 00")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let (pages, notes) = (cells[2], cells.get(3).copied().unwrap_or(""));
        let shown: String = link
            .captures_iter(pages)
            .filter_map(|c| std::fs::read_to_string(appendix_dir.join(&c[1])).ok())
            .collect();
        for term in code.captures_iter(notes) {
            if !shown.contains(&term[1]) {
                problems.push(format!(
                    "{}: `{}` is on none of its pages",
                    cells[1], &term[1]
                ));
            }
        }
        for q in question.captures_iter(notes) {
            for n in [q.get(1), q.get(2)].into_iter().flatten() {
                if !shown.contains(&format!("**{}. ", n.as_str())) {
                    problems.push(format!("{}: there is no question {}", cells[1], n.as_str()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
