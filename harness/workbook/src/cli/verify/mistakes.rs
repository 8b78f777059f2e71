//! The instructor page "Common mistakes", read as a list of claims that
//! `verify --mutants` must prove: each entry that names a test says "this
//! test catches this mistake", so each needs a mutant planting it.
//!
//! The page is Markdown written for people: `## Chapter N: …` headings,
//! one `### \`exercise\`` heading per exercise, and a bullet per mistake
//! that starts with its title in bold (`- **No length checks.** …`, which
//! may run onto the next line: it is read with single spaces) and
//! names the tests that catch it as `` `exercise::test` ``. A mutant links
//! itself to an entry with `entry = "<the bold title>"`.
//!
//! # Layout
//! [`Mistake`] and [`read`] (the page); [`Claim`] (what a mutant says of
//! it) and [`uncovered`] (the entries without a mutant, and mutants
//! pointing at no entry).

use std::path::Path;

use anyhow::{Context, Result};

use harness::workspace::Workspace;

/// What a mutant claims of the page: that its mistake, planted in
/// `chapter`'s `exercise`, is the entry titled `entry` and is caught by
/// `caught_by`.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The chapter, two digits.
    pub chapter: &'a str,
    /// The exercise the mutant is a wrong answer to.
    pub exercise: &'a str,
    /// The mutant's mistake, in words (to name it in a message).
    pub mistake: &'a str,
    /// The title of the entry it proves, if any.
    pub entry: Option<&'a str>,
    /// The test that catches it.
    pub caught_by: &'a str,
}

/// The page, from the workspace root.
pub const PAGE: &str = "book/src/instructor/common-mistakes.md";

/// One entry of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The chapter, two digits.
    pub chapter: String,
    /// The exercise whose heading it is under.
    pub exercise: String,
    /// The bold text that starts the entry, as written (`No length checks.`).
    pub title: String,
    /// The tests the entry names (`exercise::test`), in order.
    pub tests: Vec<String>,
}

/// Every entry of the page at `path`.
pub fn read(path: &Path) -> Result<Vec<Mistake>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(parse(&text))
}

/// The entries of the page's text (see the module docs for its shape).
pub fn parse(text: &str) -> Vec<Mistake> {
    let mut out: Vec<Mistake> = Vec::new();
    let (mut chapter, mut exercise) = (String::new(), String::new());
    // Inside an entry: its text runs until the next bullet or heading.
    let mut open = false;
    // A bold title not closed on its bullet's line: the part read so far.
    let mut title_open: Option<String> = None;
    for line in text.lines() {
        if let Some(start) = title_open.take() {
            let joined = format!("{start} {}", line.trim());
            match joined.split_once("**") {
                Some((title, _)) => {
                    if let Some(last) = out.last_mut() {
                        last.title = title.to_string();
                    }
                }
                None => title_open = Some(joined),
            }
        }
        if let Some(rest) = line.strip_prefix("## Chapter ") {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            chapter = format!("{:0>2}", n);
            open = false;
        } else if let Some(rest) = line.strip_prefix("### `") {
            exercise = rest.trim_end_matches('`').to_string();
            open = false;
        } else if line.starts_with('#') {
            open = false;
        } else if let Some(rest) = line.strip_prefix("- **") {
            open = !exercise.is_empty();
            if open {
                let title = rest.split("**").next().unwrap_or_default().to_string();
                if !rest.contains("**") {
                    title_open = Some(title.clone());
                }
                out.push(Mistake {
                    chapter: chapter.clone(),
                    exercise: exercise.clone(),
                    title,
                    tests: Vec::new(),
                });
            }
            add_tests(out.last_mut(), rest, open, &exercise);
        } else if line.starts_with("- ") || line.is_empty() && !open {
            open = false;
        } else {
            add_tests(out.last_mut(), line, open, &exercise);
        }
    }
    out
}

/// Adds the tests `line` names (`` `exercise::name` ``) to `entry`.
fn add_tests(entry: Option<&mut Mistake>, line: &str, open: bool, exercise: &str) {
    let Some(entry) = entry.filter(|_| open) else {
        return;
    };
    let prefix = format!("{exercise}::");
    for (k, piece) in line.split('`').enumerate() {
        // Odd pieces are inside backticks.
        let named = k % 2 == 1
            && piece.starts_with(&prefix)
            && piece[prefix.len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && piece.len() > prefix.len();
        if named && !entry.tests.iter().any(|t| t == piece) {
            entry.tests.push(piece.to_string());
        }
    }
}

/// What the page claims and no mutant proves, for chapter `only` or all:
/// each entry naming a test needs a mutant with `entry` = its title,
/// caught by one of the tests it names; and each mutant's `entry` must be
/// a title on the page.
pub fn uncovered(ws: &Workspace, mutants: &[Claim<'_>], only: Option<&str>) -> Result<Vec<String>> {
    let page = read(&ws.root.join(PAGE))?;
    let mut problems = Vec::new();
    for m in page
        .iter()
        .filter(|m| !m.tests.is_empty() && only.is_none_or(|nn| m.chapter == nn))
    {
        let proved = mutants.iter().any(|t| {
            t.chapter == m.chapter
                && t.exercise == m.exercise
                && t.entry == Some(m.title.as_str())
                && m.tests.iter().any(|name| name == t.caught_by)
        });
        if !proved {
            problems.push(format!(
                "chapter {}, {}: no mutant proves \"{}\" (entry = {:?}, caught_by one of {})",
                m.chapter,
                m.exercise,
                m.title,
                m.title,
                m.tests.join(", ")
            ));
        }
    }
    for t in mutants
        .iter()
        .filter(|t| only.is_none_or(|nn| t.chapter == nn))
    {
        let Some(entry) = t.entry else { continue };
        let known = page
            .iter()
            .any(|m| m.chapter == t.chapter && m.exercise == t.exercise && m.title == entry);
        if !known {
            problems.push(format!(
                "chapter {}, {}: the mutant {:?} points at {entry:?}, which is no entry of {PAGE} under `{}`",
                t.chapter, t.exercise, t.mistake, t.exercise
            ));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles_and_the_tests_each_entry_names() {
        let page = "# Common mistakes\n\nIntro naming `x::y`.\n\n## Chapter 2: TCP\n\n\
                    ### `echo`\n\n- **No flush.** The reply waits. Caught by\n  \
                    `echo::replies_at_once` and `echo::replies_at_once`.\n- **Words only.** \
                    No test.\n\n### `other`\n\n- **Both.** `other::a`, not `echo::b`.\n\
                    - **A title on\n  two lines.** `other::c`\n";
        let got = parse(page);
        let want = [
            ("02", "echo", "No flush.", vec!["echo::replies_at_once"]),
            ("02", "echo", "Words only.", vec![]),
            ("02", "other", "Both.", vec!["other::a"]),
            ("02", "other", "A title on two lines.", vec!["other::c"]),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (m, (ch, ex, title, tests)) in got.iter().zip(want) {
            assert_eq!(
                (m.chapter.as_str(), m.exercise.as_str(), m.title.as_str()),
                (ch, ex, title)
            );
            assert_eq!(m.tests, tests);
        }
    }
}
