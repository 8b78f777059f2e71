//! The first thing `cargo workbook` runs (the cargo alias points here): a
//! program with no dependencies, so it is built within seconds of a fresh
//! clone. It tells the learner where they are and what to do next before
//! the `workbook` command itself (mdBook, clap, the harness: minutes to
//! build the first time) is ready, then builds that with cargo's own
//! progress showing and hands over to it.
//!
//! Where the learner is comes from the files, with no test run: the last
//! check's answer if `workbook status` left one (`target/workbook/next.txt`),
//! else the first exercise that is still the stub as handed out. The full
//! check follows at once.
//!
//! # Layout
//! - this file: [`Exercise`], [`exercises`] (a reader for the three keys of
//!   `exercises.toml` it needs), [`next_box`] (the "Next:" box, which
//!   `workbook status` prints too), [`NEXT_FILE`].
//! - `main.rs`: the order of things, and running cargo.

use std::path::Path;

/// Where `workbook status` writes its answer, relative to the checkout:
/// one line, `NN name`, the next exercise; empty when all are solved.
pub const NEXT_FILE: &str = "target/workbook/next.txt";

/// One exercise, as much of it as the box needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The file stem of the stub.
    pub name: String,
    /// What the learner writes, in one line.
    pub title: String,
    /// The libtest filter of its tests.
    pub test: String,
}

impl Exercise {
    /// The command that checks it.
    pub fn check_command(&self, nn: &str) -> String {
        check_command(nn, &self.test)
    }
}

/// The command that checks the exercise of chapter `nn` whose tests the
/// filter `test` selects.
pub fn check_command(nn: &str, test: &str) -> String {
    format!("cargo test -p chapter-{nn} {test}")
}

/// The exercises listed in `exercises.toml` text, in order. Only the
/// `name`, `title` and `test` keys of each `[[exercise]]` table are read,
/// and only as one-line basic strings, which is how every manifest writes
/// them (`workbook verify` reads the whole file with a TOML parser).
pub fn exercises(manifest: &str) -> Vec<Exercise> {
    let mut found = Vec::new();
    let mut current: Option<[String; 3]> = None;
    // Inside a `"""` string (the hints), where nothing is a key. A line
    // with an odd number of `"""` opens or closes one: `hints = [`, then
    // `"""` alone opens, `""",` closes, and `""", """` does both.
    let mut in_multi_line = false;
    for line in manifest.lines() {
        let line = line.trim();
        let toggles = line.matches(r#"""""#).count() % 2 == 1;
        if in_multi_line {
            in_multi_line = !toggles;
            continue;
        }
        in_multi_line = toggles;
        if line == "[[exercise]]" {
            found.extend(current.take());
            current = Some(Default::default());
        } else if let (Some(fields), Some((key, value))) = (current.as_mut(), line.split_once('='))
        {
            let slot = match key.trim() {
                "name" => 0,
                "title" => 1,
                "test" => 2,
                _ => continue,
            };
            fields[slot] = one_line_string(value.trim()).unwrap_or_default();
        }
    }
    found.extend(current);
    found
        .into_iter()
        .filter(|[name, ..]| !name.is_empty())
        .map(|[name, title, test]| Exercise { name, title, test })
        .collect()
}

/// `"text"` without its quotes and with `\"` and `\\` read.
fn one_line_string(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// The lines of the "Next:" box for exercise `ex` of chapter `nn`, with
/// `paint(style, text)` colouring commands ("cmd") and the heading ("bold").
pub fn next_box(nn: &str, ex: &Exercise, paint: &dyn Fn(&str, &str) -> String) -> Vec<String> {
    let stub = format!("chapters/chapter-{nn}/src/exercises/{}.rs", ex.name);
    let hint = format!("cargo workbook hint {nn} {}", ex.name);
    vec![
        format!(
            "{} chapter {nn}, exercise {}: {}",
            paint("bold", "Next:"),
            ex.name,
            ex.title
        ),
        format!("  edit      {}", paint("cmd", &stub)),
        format!("  check it  {}", paint("cmd", &ex.check_command(nn))),
        format!(
            "            {} (re-runs it each time you save)",
            paint("cmd", "cargo workbook watch")
        ),
        format!("  stuck?    {}", paint("cmd", &hint)),
    ]
}

/// Whether the learner's file of `ex` in chapter `nn` is still the stub as
/// handed out (`fixtures/stubs/`), so certainly not solved yet.
pub fn untouched(root: &Path, nn: &str, ex: &Exercise) -> bool {
    let file = format!("{}.rs", ex.name);
    let mine = root
        .join(format!("chapters/chapter-{nn}/src/exercises"))
        .join(&file);
    let stub = root
        .join(format!("fixtures/stubs/chapter-{nn}"))
        .join(&file);
    matches!((std::fs::read(mine), std::fs::read(stub)), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_keys_it_needs_and_skips_multi_line_hints() {
        let manifest = r#"# comment
[[exercise]]
name = "rot13"
title = "Say \"hi\""
hints = [
"""
name = "not this"
""",
"""
title = "nor this"
""", """
test = "nor this"
""",
]
test = "rot13::"

[[exercise]]
name = "b"
title = "B"
hint = """one line"""
test = "b::"
"#;
        let found = exercises(manifest);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "rot13");
        assert_eq!(found[0].title, "Say \"hi\"");
        assert_eq!(found[0].test, "rot13::");
        assert_eq!(found[1].check_command("06"), "cargo test -p chapter-06 b::");
    }

    /// The real manifests, as the launcher reads them: every exercise
    /// `workbook` knows of, with its name, title and test.
    #[test]
    fn reads_every_chapters_manifest() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for nn in 1..=9 {
            let path = root.join(format!("chapters/chapter-{nn:02}/exercises.toml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let found = exercises(&text);
            assert_eq!(
                found.len(),
                text.matches("[[exercise]]").count(),
                "{path:?}"
            );
            for ex in found {
                assert!(!ex.title.is_empty(), "{path:?} {}", ex.name);
                assert_eq!(ex.test, format!("{}::", ex.name), "{path:?}");
            }
        }
    }
}
