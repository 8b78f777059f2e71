//! What building a learner's chapter said: the test executable, or the
//! compiler errors with the files they point into, or cargo's last words;
//! and which exercise each error is the fault of (`blame`), so the grader
//! can put back that exercise's stub and grade the others.

use std::collections::BTreeMap;
use std::path::PathBuf;

use cargo_metadata::Message;
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel};

use super::cap;
use super::report::{ExerciseReport, Submitted};

/// Characters of compiler output kept per exercise.
const COMPILER_MESSAGE_CAP: usize = 8 * 1024;

/// One compiler error, with the source files its spans point into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// As rustc rendered it.
    pub rendered: String,
    /// `file:line` of every span, the error's and its notes'.
    pub spans: Vec<(String, usize)>,
}

/// What building a chapter's `exercises` target gave.
#[derive(Debug)]
pub enum Build {
    /// The test executable.
    Built(PathBuf),
    /// Compiler errors.
    Errors(Vec<CompileError>),
    /// Cargo failed without a compiler error (or ran out of time).
    Failed(String),
}

/// Lines of cargo's last words kept when a build fails without a compiler
/// error.
const TAIL_LINES: usize = 20;

/// What the build's messages said.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The `exercises` test executable.
    pub exe: Option<PathBuf>,
    /// The compiler errors, in order.
    pub errors: Vec<CompileError>,
    /// The last text lines (cargo's own errors).
    pub tail: Vec<String>,
}

impl Found {
    /// Keeps what matters of one of cargo's messages.
    pub fn take(&mut self, message: Message) {
        match message {
            Message::CompilerArtifact(a) if a.target.name == "exercises" => {
                if let Some(exe) = a.executable {
                    self.exe = Some(exe.into());
                }
            }
            Message::CompilerMessage(m) if m.message.level == DiagnosticLevel::Error => {
                let mut spans = Vec::new();
                collect_spans(&m.message, &mut spans);
                let rendered = m.message.rendered.unwrap_or_default();
                self.errors.push(CompileError {
                    rendered: without_foreign_snippets(&rendered),
                    spans,
                });
            }
            Message::TextLine(line) => {
                if self.tail.len() == TAIL_LINES {
                    self.tail.remove(0);
                }
                self.tail.push(line);
            }
            _ => {}
        }
    }
}

/// The spans of a diagnostic and of its children (the "defined here" notes
/// point at the learner's file when a test calls it with the wrong types).
fn collect_spans(diagnostic: &Diagnostic, spans: &mut Vec<(String, usize)>) {
    let here = diagnostic.spans.iter();
    spans.extend(here.map(|s| (s.file_name.clone(), s.line_start)));
    for child in &diagnostic.children {
        collect_spans(child, spans);
    }
}

/// `rendered` without the source snippets of files outside the checkout.
///
/// rustc quotes the standard library's source when rust-src is installed
/// (rust-analyzer installs it) and only names the file otherwise, and the
/// line numbers it quotes widen the gutter of the whole message. Neither
/// helps a learner, and both would make the same mistake read differently
/// on two machines. So a note whose `-->` points at an absolute path keeps
/// its first line only, a `:::` reference into such a file is dropped with
/// its snippet, and the gutter is narrowed back to the line numbers left.
pub fn without_foreign_snippets(rendered: &str) -> String {
    let lines: Vec<&str> = rendered.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    // The body of the current note points outside; a `:::` section does.
    let (mut block_foreign, mut section_foreign) = (false, false);
    // `error…`, `note: …`: a new diagnostic (a quoted line starts with digits).
    let header = |l: &str| l.starts_with(|c: char| c.is_ascii_alphabetic());
    for (i, line) in lines.iter().enumerate() {
        if header(line) {
            let mut body = lines[i + 1..].iter().take_while(|l| !header(l));
            block_foreign = body.any(|l| foreign_location(l, "-->"));
            section_foreign = false;
            kept.push(line);
            continue;
        }
        if block_foreign {
            continue;
        }
        if foreign_location(line, ":::") {
            section_foreign = true;
            continue;
        }
        let trimmed = line.trim_start();
        if ["-->", ":::", "="].iter().any(|m| trimmed.starts_with(m)) {
            section_foreign = false;
        }
        if !section_foreign {
            kept.push(line);
        }
    }
    narrow_gutter(&kept)
}

/// Whether `line` is a `marker` (`-->` or `:::`) line naming an absolute path.
fn foreign_location(line: &str, marker: &str) -> bool {
    let Some(path) = line.trim_start().strip_prefix(marker) else {
        return false;
    };
    let path = path.trim_start();
    let drive = path.as_bytes().get(1..3) == Some(b":\\") || path.get(1..3) == Some(":/");
    path.starts_with('/') || path.starts_with('\\') || drive
}

/// Removes the gutter's extra width: rustc pads every line below a header
/// to the widest line number quoted, some of which may have been removed.
fn narrow_gutter(lines: &[&str]) -> String {
    let number = |l: &str| {
        let t = l.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0 && t[digits..].starts_with(" |")).then_some(digits)
    };
    let needed = lines.iter().filter_map(|l| number(l)).max().unwrap_or(1);
    let arrow = lines.iter().find_map(|l| {
        let t = l.trim_start();
        t.starts_with("-->").then(|| l.len() - t.len())
    });
    let extra = arrow.map_or(0, |width| width.saturating_sub(needed));
    let pad = " ".repeat(extra);
    let mut text = String::new();
    for line in lines {
        text.push_str(line.strip_prefix(pad.as_str()).unwrap_or(line));
        text.push('\n');
    }
    text
}

/// Joins rendered errors, capped.
pub fn render_errors<'a>(errors: impl Iterator<Item = &'a CompileError>) -> String {
    let mut text = String::from("does not compile:\n");
    for e in errors {
        text.push_str(e.rendered.trim_end());
        text.push('\n');
    }
    cap(text, COMPILER_MESSAGE_CAP)
}

/// Which learner-written exercises (index into `reports`) each error
/// points into; only files not already put back count.
pub(super) fn blame<'e>(
    reports: &[ExerciseReport],
    reverted: &[bool],
    errors: &'e [CompileError],
) -> BTreeMap<usize, Vec<&'e CompileError>> {
    let mut blamed: BTreeMap<usize, Vec<&CompileError>> = BTreeMap::new();
    for error in errors {
        for (file, _) in &error.spans {
            let name = exercise_of(file);
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

/// The exercise a source file belongs to: its stub
/// (`src/exercises/<name>.rs`) or its test file (`tests/exercises/<name>.rs`;
/// every chapter keeps one file per exercise there, see
/// [`crate::exercises::TESTS_TARGET`]). The target's `main.rs` and the
/// modules' `mod.rs` belong to no exercise.
fn exercise_of(file: &str) -> Option<&str> {
    if !(file.contains("/src/exercises/") || file.contains("/tests/exercises/")) {
        return None;
    }
    let stem = file.rsplit('/').next()?.strip_suffix(".rs")?;
    (stem != "main" && stem != "mod").then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same error as rustc renders it without and with rust-src.
    const WITHOUT_SRC: &str = "error[E0277]: `String` is not an iterator
  --> src/exercises/qp.rs:25:24
   |
25 |             out.extend(item);
   |                 ------ ^^^^ `String` is not an iterator
   |
   = help: the trait `Iterator` is not implemented for `String`
note: required by a bound in `extend`
  --> /rustc/5980/library/core/src/iter/traits/collect.rs:416:4
";
    const WITH_SRC: &str = "error[E0277]: `String` is not an iterator
   --> src/exercises/qp.rs:25:24
    |
 25 |             out.extend(item);
    |                 ------ ^^^^ `String` is not an iterator
    |
    = help: the trait `Iterator` is not implemented for `String`
note: required by a bound in `extend`
   --> /home/me/.rustup/toolchains/stable/lib/rustlib/src/rust/library/core/src/iter/traits/collect.rs:416:18
    |
416 |     fn extend<T: IntoIterator<Item = A>>(&mut self, iter: T);
    |                  ^^^^^^^^^^^^^^^^^^^^^^ required by this bound in `Extend::extend`
";

    #[test]
    fn an_error_reads_the_same_with_and_without_the_standard_library_source() {
        let expected = "error[E0277]: `String` is not an iterator
  --> src/exercises/qp.rs:25:24
   |
25 |             out.extend(item);
   |                 ------ ^^^^ `String` is not an iterator
   |
   = help: the trait `Iterator` is not implemented for `String`
note: required by a bound in `extend`
";
        assert_eq!(without_foreign_snippets(WITHOUT_SRC), expected);
        assert_eq!(without_foreign_snippets(WITH_SRC), expected);
    }

    #[test]
    fn a_reference_into_a_foreign_file_inside_an_error_is_dropped() {
        let rendered = "error[E0308]: mismatched types
   --> src/exercises/a.rs:3:5
    |
  3 |     f(1)
    |     ^
    |
   ::: /rustc/x/library/core/src/ops.rs:120:8
    |
120 |     fn f();
    |        -
    = note: expected `u8`
";
        let expected = "error[E0308]: mismatched types
 --> src/exercises/a.rs:3:5
  |
3 |     f(1)
  |     ^
  |
  = note: expected `u8`
";
        assert_eq!(without_foreign_snippets(rendered), expected);
    }

    #[test]
    fn finds_the_executable_and_the_files_errors_point_into() {
        let target = r#""target":{"kind":["test"],"crate_types":["bin"],"name":"exercises","src_path":"/w/tests/exercises/main.rs"}"#;
        let package = r#""package_id":"path+file:///w/chapters/chapter-06#0.1.0""#;
        let diagnostic = |level: &str, spans: &str, children: &str| {
            format!(
                r#"{{"reason":"compiler-message",{package},{target},"message":{{"message":"m","code":null,"level":"{level}","rendered":"{level}[E0308]","spans":[{spans}],"children":[{children}]}}}}"#
            )
        };
        let span = |file: &str, line: usize| {
            format!(
                r#"{{"file_name":"{file}","byte_start":0,"byte_end":1,"line_start":{line},"line_end":{line},"column_start":1,"column_end":2,"is_primary":true,"text":[],"label":null,"suggested_replacement":null,"suggestion_applicability":null,"expansion":null}}"#
            )
        };
        let note = format!(
            r#"{{"message":"n","code":null,"level":"note","rendered":null,"spans":[{}],"children":[]}}"#,
            span("chapters/chapter-06/src/exercises/rot13.rs", 3)
        );
        let lines = [
            diagnostic("warning", "", ""),
            diagnostic(
                "error",
                &span("chapters/chapter-06/tests/exercises/rot13.rs", 20),
                &note,
            ),
            format!(
                r#"{{"reason":"compiler-artifact",{package},{target},"profile":{{"opt_level":"0","debuginfo":0,"debug_assertions":true,"overflow_checks":true,"test":true}},"features":[],"filenames":[],"executable":"/t/exercises-1","fresh":false}}"#
            ),
            "not json".to_owned(),
        ];
        let mut found = Found::default();
        for line in lines {
            found.take(serde_json::from_str(&line).unwrap_or(Message::TextLine(line)));
        }
        assert_eq!(found.exe, Some(PathBuf::from("/t/exercises-1")));
        assert_eq!(
            exercise_of("chapters/chapter-06/tests/exercises/rot13.rs"),
            Some("rot13")
        );
        assert_eq!(
            exercise_of("chapters/chapter-06/src/exercises/rot13.rs"),
            Some("rot13")
        );
        assert_eq!(
            exercise_of("chapters/chapter-06/tests/exercises/main.rs"),
            None
        );
        assert_eq!(
            exercise_of("chapters/chapter-06/src/exercises/mod.rs"),
            None
        );
        assert_eq!(found.errors.len(), 1);
        assert_eq!(found.tail, ["not json"]);
        assert_eq!(
            found.errors[0].spans,
            [
                (
                    "chapters/chapter-06/tests/exercises/rot13.rs".to_owned(),
                    20
                ),
                ("chapters/chapter-06/src/exercises/rot13.rs".to_owned(), 3)
            ]
        );
    }
}
