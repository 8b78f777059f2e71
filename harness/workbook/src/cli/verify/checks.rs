//! The static checks of `workbook verify`, per chapter (manifest, files,
//! hints, TODOs), and the table row and report types the test runs
//! (`verify/runs.rs`) fill in too.
//!
//! Layout: [`Check`], [`Row`] and [`ChapterReport`]; [`check_static`] and
//! the checks it runs (hints with [`code_in`], the rule for the first hint;
//! the time estimate; files; TODOs; orphans); unit tests at the end.

use std::collections::BTreeSet;
use std::path::Path;

use crate::exercises::{ChapterExercises, Exercise, HINTS, MINUTES};
use harness::term;
use harness::workspace::Workspace;

/// The state of one check in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Check {
    /// Not run (an earlier problem made it pointless).
    #[default]
    Skipped,
    /// Holds.
    Pass,
    /// Violated.
    Fail,
}

impl Check {
    pub(super) fn from(ok: bool) -> Self {
        if ok { Self::Pass } else { Self::Fail }
    }
}

/// One exercise's row of the table.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub name: String,
    pub hint: Check,
    pub minutes: Check,
    pub todo: Check,
    pub files: Check,
    pub tests: Option<usize>,
    pub stub_fails: Check,
    pub solution_passes: Check,
}

impl Row {
    /// Whether no check of the row failed.
    pub fn ok(&self) -> bool {
        let checks = [
            self.hint,
            self.minutes,
            self.todo,
            self.files,
            self.stub_fails,
            self.solution_passes,
        ];
        !checks.contains(&Check::Fail) && self.tests.is_some_and(|n| n > 0)
    }
}

/// Everything verify found in one chapter.
#[derive(Debug, Default)]
pub(super) struct ChapterReport {
    pub rows: Vec<Row>,
    pub violations: Vec<String>,
}

impl ChapterReport {
    pub(super) fn violation(&mut self, nn: &str, exercise: Option<&str>, message: impl AsRef<str>) {
        let place = match exercise {
            Some(name) => format!("chapter {nn}, {name}"),
            None => format!("chapter {nn}"),
        };
        self.violations
            .push(format!("{place}: {}", message.as_ref()));
    }
}

/// Checks the files and the manifest of a chapter. Returns whether the test
/// runs can go ahead (every stub and solution file exists).
pub(super) fn check_static(ws: &Workspace, ch: &ChapterExercises, out: &mut ChapterReport) -> bool {
    let nn = ch.chapter;
    let mut runnable = true;
    let mod_rs = std::fs::read_to_string(ch.stub_dir.join("mod.rs")).unwrap_or_default();
    for ex in &ch.exercises {
        let mut row = Row {
            name: ex.name.clone(),
            ..Row::default()
        };
        row.hint = check_hints(nn, ex, out);
        row.minutes = check_minutes(nn, ex, out);
        row.files = check_files(ws, ch, ex, &mod_rs, out);
        runnable &= row.files == Check::Pass;
        if let Some(at) = bare_assert_eq(ws, nn, &ex.name) {
            out.violation(
                nn,
                Some(&ex.name),
                format!(
                    "its test {at} compares with a bare assert_eq!, which prints bytes as numbers; \
                     use expect_eq! (or prop_expect_eq! in a property), which shows text with a caret"
                ),
            );
            row.files = Check::Fail;
        }
        row.todo = check_todo(ch, ex, out);
        if ex.test.trim().is_empty() {
            out.violation(nn, Some(&ex.name), "its `test` filter is empty");
            row.tests = Some(0);
        }
        out.rows.push(row);
    }
    check_orphans(ws, ch, out);
    runnable
}

/// The first `assert_eq!` or `prop_assert_eq!` in the exercise's tests
/// (`file:line`), if any: its failure would print byte arrays.
fn bare_assert_eq(ws: &Workspace, nn: &str, name: &str) -> Option<String> {
    let path = ws
        .chapter_dir(nn)
        .join(format!("tests/exercises/{name}.rs"));
    let text = std::fs::read_to_string(&path).ok()?;
    let line = text.lines().position(|line| {
        ["assert_eq!(", "prop_assert_eq!("].iter().any(|mac| {
            line.match_indices(mac).any(|(at, _)| {
                let before = line[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            })
        })
    })?;
    let shown = path.strip_prefix(&ws.root).unwrap_or(&path);
    Some(format!("{}:{}", shown.display(), line + 1))
}

/// 2 to 4 hints ([`HINTS`]), none empty, the first without code.
fn check_hints(nn: &str, ex: &Exercise, out: &mut ChapterReport) -> Check {
    let mut ok = true;
    let mut fail = |message: String| {
        out.violation(nn, Some(&ex.name), message);
        ok = false;
    };
    let count = ex.hints.len();
    if !HINTS.contains(&count) {
        fail(format!(
            "it has {count} hints in exercises.toml; it needs {} to {}, graded from the idea to a near-solution",
            HINTS.start(),
            HINTS.end()
        ));
    }
    for (i, hint) in ex.hints.iter().enumerate() {
        if hint.trim().is_empty() {
            fail(format!("its hint {} in exercises.toml is empty", i + 1));
        }
    }
    if let Some(why) = ex.hints.first().and_then(|first| code_in(first)) {
        fail(format!(
            "its first hint shows code ({why}); the first hint gives the idea in words, code waits for the later ones"
        ));
    }
    Check::from(ok)
}

/// A time estimate within [`MINUTES`]: a missing one stops the manifest
/// from loading at all; this catches the absurd ones.
fn check_minutes(nn: &str, ex: &Exercise, out: &mut ChapterReport) -> Check {
    let ok = MINUTES.contains(&ex.minutes);
    if !ok {
        out.violation(
            nn,
            Some(&ex.name),
            format!(
                "its estimate `minutes = {}` in exercises.toml is outside {} to {}: \
                 a smaller step belongs to another exercise, a longer one should be split",
                ex.minutes,
                MINUTES.start(),
                MINUTES.end()
            ),
        );
    }
    Check::from(ok)
}

/// Rust keywords and primitive types that are no English words (so not
/// `let`, `match` or `struct`, which prose uses too): written as a word,
/// they are code.
const CODE_WORDS: [&str; 19] = [
    "fn", "mut", "impl", "pub", "dyn", "Err", "u8", "u16", "u32", "u64", "u128", "usize", "i8",
    "i16", "i32", "i64", "isize", "bool", "str",
];

/// Marks that never occur in prose: a code span, a path, arrows,
/// comparisons and bit shifts, compound assignment, a block.
const CODE_MARKS: [&str; 13] = [
    "`", "::", "->", "=>", "==", "!=", "&&", "||", "+=", "<<", ">>", "{", "}",
];

/// Why `text` shows code, or `None` when it is prose: the rule for an
/// exercise's first hint, which gives the idea in words. Code is any of
/// [`CODE_MARKS`]; a call, a name (or a macro's `!`) directly followed by
/// `(`; a generic type, a name directly followed by `<`; one of
/// [`CODE_WORDS`] as a whole word (case-sensitive); or a binding, `let`
/// followed by a name and `=` or `:` (`let mut` is caught by `mut`).
pub(super) fn code_in(text: &str) -> Option<String> {
    if let Some(mark) = CODE_MARKS.iter().find(|m| text.contains(*m)) {
        return Some(format!("{mark:?}"));
    }
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '!';
    for (at, open) in text.match_indices(['(', '<']) {
        let name_start = text[..at]
            .rfind(|c: char| !name_char(c))
            .map_or(0, |i| i + 1);
        if name_start < at {
            let what = if open == "(" {
                "a call"
            } else {
                "a generic type"
            };
            return Some(format!("{what}, {:?}", &text[name_start..=at]));
        }
    }
    let mut words = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
    if let Some(word) = words.find(|w| CODE_WORDS.contains(w)) {
        return Some(format!("the Rust word {word:?}"));
    }
    let spaced: Vec<&str> = text.split_whitespace().collect();
    spaced.windows(3).find_map(|w| {
        let name = w[1].strip_suffix(':').unwrap_or(w[1]);
        let is_binding = w[0] == "let"
            && !name.is_empty()
            && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            && (name.len() < w[1].len() || w[2].starts_with(['=', ':']));
        is_binding.then(|| format!("a binding, {:?}", w.join(" ")))
    })
}

fn check_files(
    ws: &Workspace,
    ch: &ChapterExercises,
    ex: &Exercise,
    mod_rs: &str,
    out: &mut ChapterReport,
) -> Check {
    let nn = ch.chapter;
    let mut ok = true;
    for (what, path) in [
        ("stub", ch.stub_path(ex)),
        ("solution", ch.solution_path(ex)),
        ("handed-out stub", ch.handed_out_path(ex)),
    ] {
        if !path.exists() {
            let rel = term::relative(&path, &ws.root);
            out.violation(nn, Some(&ex.name), format!("the {what} {rel} is missing (every exercise needs a stub, its handed-out copy and a reference solution)"));
            ok = false;
        }
    }
    let (stub, handed_out) = (ch.stub_path(ex), ch.handed_out_path(ex));
    if ok && std::fs::read(&stub).ok() != std::fs::read(&handed_out).ok() {
        let (stub, handed_out) = (
            term::relative(&stub, &ws.root),
            term::relative(&handed_out, &ws.root),
        );
        out.violation(nn, Some(&ex.name), format!("{stub} differs from {handed_out}, the copy that reset, grade and the book use: a changed stub changes both (in a learner's checkout, `cargo workbook reset` puts it back)"));
        // Not `ok = false`: the runs still show whether the tests catch it.
    }
    let wiring = format!("solutions/chapter-{nn}/{}.rs", ex.name);
    if ok && !mod_rs.contains(&wiring) {
        let msg = format!(
            "src/exercises/mod.rs does not swap in {wiring} under the `solutions` feature (see DESIGN.md §4)"
        );
        out.violation(nn, Some(&ex.name), msg);
        ok = false;
    }
    Check::from(ok)
}

fn check_todo(ch: &ChapterExercises, ex: &Exercise, out: &mut ChapterReport) -> Check {
    let Ok(text) = std::fs::read_to_string(ch.stub_path(ex)) else {
        return Check::Skipped;
    };
    let ok = text.contains("// TODO");
    if !ok {
        out.violation(
            ch.chapter,
            Some(&ex.name),
            "the stub has no `// TODO` comment saying what to write (is it a finished solution?)",
        );
    }
    Check::from(ok)
}

/// Stub or solution files that no manifest entry names.
fn check_orphans(ws: &Workspace, ch: &ChapterExercises, out: &mut ChapterReport) {
    let listed: BTreeSet<&str> = ch.exercises.iter().map(|e| e.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    for ex in &ch.exercises {
        if !seen.insert(ex.name.as_str()) {
            out.violation(
                ch.chapter,
                Some(&ex.name),
                "is listed twice in exercises.toml",
            );
        }
    }
    for (dir, what) in [(&ch.stub_dir, "stub"), (&ch.solution_dir, "solution")] {
        for stem in rust_files(dir) {
            if !listed.contains(stem.as_str()) {
                let rel = term::relative(&dir.join(format!("{stem}.rs")), &ws.root);
                out.violation(
                    ch.chapter,
                    None,
                    format!(
                        "the {what} {rel} has no entry in exercises.toml (and so no {})",
                        if what == "stub" {
                            "solution check"
                        } else {
                            "stub"
                        }
                    ),
                );
            }
        }
    }
}

/// The stems of the `.rs` files in `dir`, except `mod.rs`.
fn rust_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stems: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_owned))
        .filter(|n| n != "mod")
        .collect();
    stems.sort();
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_hint_in_words_passes_and_any_code_in_it_is_named() {
        let prose = "A filter that keeps state between chunks (one byte of it): a string \
            of 63 bytes at most, 0x0D then 0x0A, a <b> tag's name, i.e. the first letter, \
            e.g. 3 < 4. Some of them stop; none go on. Match it, then loop again: let the \
            next chunk finish it, let it be. A field of the struct, an enum of states.";
        assert_eq!(code_in(prose), None);
        for (code, why) in [
            ("use `read_until` here", "\"`\""),
            ("call io::copy", "\"::\""),
            ("then out.push(b) for each byte", "a call, \"push(\""),
            ("end it with todo!()", "a call, \"todo!(\""),
            ("keep a Vec<u8> of leftovers", "a generic type, \"Vec<\""),
            ("let n = 0 to start", "a binding, \"let n =\""),
            ("let total: Total", "a binding, \"let total: Total\""),
            ("let column: usize", "the Rust word \"usize\""),
            ("a mut flag", "the Rust word \"mut\""),
            ("match b { _ => b }", "\"=>\""),
            ("when len == 0", "\"==\""),
            ("n << 8", "\"<<\""),
        ] {
            assert_eq!(code_in(code).as_deref(), Some(why), "{code:?}");
        }
    }

    #[test]
    fn the_hints_check_counts_the_hints_and_reads_the_first() {
        let ex = |hints: &[&str]| Exercise {
            name: "rot13".into(),
            title: "t".into(),
            hints: hints.iter().map(|h| h.to_string()).collect(),
            seed: "s".into(),
            test: "rot13::".into(),
            minutes: 15,
        };
        let check = |e: &Exercise| {
            let mut out = ChapterReport::default();
            (check_hints("06", e, &mut out), out.violations)
        };
        assert_eq!(check(&ex(&["idea", "code: `x`"])), (Check::Pass, vec![]));
        let (state, violations) = check(&ex(&["only one"]));
        assert_eq!(state, Check::Fail);
        assert!(violations[0].contains("it has 1 hints"), "{violations:?}");
        assert_eq!(check(&ex(&["a", "b", "c", "d", "e"])).0, Check::Fail);
        assert_eq!(check(&ex(&["a", " \n"])).0, Check::Fail);
        let (state, violations) = check(&ex(&["use `x`", "b"]));
        assert_eq!(state, Check::Fail);
        assert!(
            violations[0].contains("first hint shows code"),
            "{violations:?}"
        );
    }

    #[test]
    fn an_absurd_time_estimate_is_a_violation() {
        let ex = |minutes| Exercise {
            name: "rot13".into(),
            title: "t".into(),
            hints: vec!["a".into(), "b".into()],
            seed: "s".into(),
            test: "rot13::".into(),
            minutes,
        };
        for (minutes, ok) in [(0, false), (4, false), (5, true), (180, true), (600, false)] {
            let mut out = ChapterReport::default();
            let state = check_minutes("06", &ex(minutes), &mut out);
            assert_eq!(state, Check::from(ok), "minutes = {minutes}");
            assert_eq!(out.violations.is_empty(), ok, "{:?}", out.violations);
        }
        let mut out = ChapterReport::default();
        check_minutes("06", &ex(0), &mut out);
        assert!(
            out.violations[0].starts_with("chapter 06, rot13: its estimate `minutes = 0`"),
            "{:?}",
            out.violations
        );
    }

    /// The real manifests, quickly: `workbook verify` checks the same, after
    /// minutes of test runs.
    #[test]
    fn every_chapters_hints_and_estimates_pass_the_check() {
        let ws =
            Workspace::at(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap();
        let mut out = ChapterReport::default();
        for nn in harness::workspace::CHAPTERS {
            let chapter = ChapterExercises::load(&ws, nn).unwrap();
            for ex in &chapter.exercises {
                check_hints(nn, ex, &mut out);
                check_minutes(nn, ex, &mut out);
            }
        }
        assert!(out.violations.is_empty(), "{:#?}", out.violations);
    }
}
