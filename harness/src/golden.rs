//! Golden files: a program's output compared with a committed file, with a
//! readable diff when they differ (DESIGN.md §7: the output the book shows
//! comes from the files the tests check).
//!
//! Two kinds of file, two functions:
//! - [`assert_golden`]: output *we* recorded (`fixtures/url_parse.out`, the
//!   demos the book shows). When our output changes on purpose, run the
//!   test again with `WORKBOOK_UPDATE_GOLDEN=1` ([`UPDATE_VAR`]) to rewrite
//!   the file, then review it with `git diff`. Nothing is ever rewritten
//!   without that variable.
//! - [`assert_matches`]: files something else defines (the conformance
//!   corpora every implementation is checked against, LuaSocket's own
//!   output, the mail fixtures the fake servers serve), which a test must
//!   never rewrite.
//!
//! Relative paths are relative to the current directory, which cargo sets
//! to the package's own directory when it runs a test.
//!
//! A terminal session the book shows (commands typed, then what each
//! program printed) is built with [`Session`] and checked the same way.
//!
//! # Layout
//! - [`UPDATE_VAR`], [`assert_golden`] (and [`check_golden`], which returns
//!   the difference instead of panicking), [`assert_matches`].
//! - [`Session`]: a `console` block's text, with ephemeral ports and other
//!   run-dependent values written as the book's commands would show them.
//! - [`corpus`]: the `.in` files of a corpus directory, each with its `.out`.
//! - `compare`: the comparison both assertions share, and its message.

use std::io;
use std::path::{Path, PathBuf};

use crate::failure::{Failure, line_diff};

/// The environment variable that, set to `1`, makes [`assert_golden`]
/// rewrite a golden file that differs (or is missing) instead of failing.
pub const UPDATE_VAR: &str = "WORKBOOK_UPDATE_GOLDEN";

/// Asserts that `actual` equals the golden file `path`, which holds output
/// we recorded; with [`UPDATE_VAR`]`=1` a difference rewrites the file.
///
/// # Panics
/// When they differ (showing a line diff, or a caret under the first
/// differing byte for binary output) or the file cannot be read.
#[track_caller]
pub fn assert_golden(path: impl AsRef<Path>, actual: impl AsRef<[u8]>) {
    if let Err(failure) = check_golden(path.as_ref(), actual.as_ref()) {
        panic!("{failure}");
    }
}

/// [`assert_golden`] for a caller that reports the difference itself (a
/// command's verdict rather than a test's panic).
///
/// # Errors
/// The difference, or why the file could not be read or rewritten.
pub fn check_golden(path: &Path, actual: &[u8]) -> Result<(), Failure> {
    let update = std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1");
    compare(path, actual, update)
}

/// Asserts that `actual` equals the file `path`, which this test must not
/// rewrite (a conformance corpus, another program's output).
///
/// # Panics
/// When they differ or the file cannot be read, as [`assert_golden`].
#[track_caller]
pub fn assert_matches(path: impl AsRef<Path>, actual: impl AsRef<[u8]>) {
    if let Err(failure) = compare(path.as_ref(), actual.as_ref(), false) {
        panic!("{failure}");
    }
}

/// A terminal session as a book page shows it: `$ command` lines, each
/// followed by what the programs printed, recorded by a test that really ran
/// them. Values that change from run to run (the ephemeral port a test bound
/// instead of the documented one, a process id) are replaced by the values
/// the page's commands would give, through [`Session::shows`].
///
/// ```ignore
/// let mut s = Session::default();
/// s.shows(&server.port.to_string(), "12345");
/// s.command("cargo run -q -p chapter-02 --bin tcp_server &");
/// s.output(&server.first_line);
/// s.assert_golden("fixtures/tcp_hello.out");
/// ```
#[derive(Debug, Default, Clone)]
pub struct Session {
    text: String,
    replacements: Vec<(String, String)>,
}

impl Session {
    /// Writes `from` as `to` wherever it appears in the output.
    pub fn shows(&mut self, from: &str, to: &str) -> &mut Self {
        self.replacements.push((from.to_string(), to.to_string()));
        self
    }

    /// A command, as typed after the prompt.
    pub fn command(&mut self, command: &str) -> &mut Self {
        self.text.push_str("$ ");
        self.text.push_str(command);
        self.text.push('\n');
        self
    }

    /// What a program printed (one line or several; a final line ending is
    /// added when missing). Bytes that are not UTF-8 show as `\u{FFFD}`.
    pub fn output(&mut self, printed: impl AsRef<[u8]>) -> &mut Self {
        let printed = String::from_utf8_lossy(printed.as_ref());
        self.text.push_str(&printed);
        if !printed.is_empty() && !printed.ends_with('\n') {
            self.text.push('\n');
        }
        self
    }

    /// The session as the page shows it.
    pub fn text(&self) -> String {
        self.replacements
            .iter()
            .fold(self.text.clone(), |text, (from, to)| text.replace(from, to))
    }

    /// [`assert_golden`] of [`Session::text`].
    #[track_caller]
    pub fn assert_golden(&self, path: impl AsRef<Path>) {
        assert_golden(path, self.text());
    }
}

/// The `.in` files of the corpus directory `dir`, sorted, each with the
/// path of its expected output (the `.out` file beside it).
///
/// # Panics
/// When `dir` cannot be read or holds no `.in` file: a corpus that is not
/// there would make every loop over it pass.
pub fn corpus(dir: impl AsRef<Path>) -> Vec<(PathBuf, PathBuf)> {
    let dir = dir.as_ref();
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading the corpus {}: {e}", dir.display()));
    let mut inputs: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "in"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no .in files in {}", dir.display());
    inputs
        .into_iter()
        .map(|input| {
            let output = input.with_extension("out");
            (input, output)
        })
        .collect()
}

/// Compares `actual` with the file at `path`; on a difference either
/// rewrites the file (`update`) or says how they differ.
fn compare(path: &Path, actual: &[u8], update: bool) -> Result<(), Failure> {
    let expected = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(Failure::new(format!("reading {}", path.display())).io(&e)),
    };
    if expected.as_deref() == Some(actual) {
        return Ok(());
    }
    if update {
        return std::fs::write(path, actual)
            .map_err(|e| Failure::new(format!("rewriting {}", path.display())).io(&e));
    }
    let update_hint = format!(
        "if the new output is right and the file is ours, run the test again with \
         {UPDATE_VAR}=1 to rewrite it, then review it with git diff"
    );
    let Some(expected) = expected else {
        let what = format!("the expected-output file {} does not exist", path.display());
        return Err(Failure::new(what).hint(update_hint));
    };
    let failure = Failure::new(format!("the output differs from {}", path.display()));
    let failure = match (std::str::from_utf8(&expected), std::str::from_utf8(actual)) {
        // Text that differs in more than line endings reads best as a diff.
        (Ok(e), Ok(a)) if !line_diff(e, a).is_empty() => failure.diff(e, a),
        _ => failure.bytes(&expected, actual),
    };
    Err(failure.hint(update_hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_shows_a_diff_and_the_way_to_update() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.out");
        std::fs::write(&path, "one\ntwo\n").unwrap();
        assert!(compare(&path, b"one\ntwo\n", false).is_ok());
        let text = compare(&path, b"one\nthree\n", false)
            .unwrap_err()
            .to_string();
        assert!(text.contains("- two") && text.contains("+ three"), "{text}");
        assert!(text.contains(UPDATE_VAR), "{text}");
        // Only line endings differ: the caret shows where.
        let text = compare(&path, b"one\r\ntwo\r\n", false)
            .unwrap_err()
            .to_string();
        assert!(text.contains('^'), "{text}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");
    }

    #[test]
    fn update_rewrites_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.out");
        assert!(compare(&path, b"x\n", false).is_err());
        assert!(!path.exists());
        compare(&path, b"x\n", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x\n");
    }

    #[test]
    fn corpus_pairs_each_input_with_its_output() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.in", "b.out", "a.in", "a.out", "README.md"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let pairs = corpus(dir.path());
        let names: Vec<_> = pairs
            .iter()
            .map(|(i, o)| (i.file_name().unwrap(), o.file_name().unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                ("a.in".as_ref(), "a.out".as_ref()),
                ("b.in".as_ref(), "b.out".as_ref())
            ]
        );
    }
}
