//! Terminal output for the `workbook` command: styles and progress lines.
//!
//! Text is styled with [`anstyle`] and printed through `anstream` by the commands (`conform`, `workbook`), which
//! drops the colours when the output is not a terminal (or `NO_COLOR` is set),
//! so the same code gives colour to a learner and plain text to a pipe, a CI
//! log or a snapshot test.
//!
//! Layout: style constants and [`paint`]; check marks ([`mark`]); [`Progress`],
//! a one-line progress display on stderr; small text helpers
//! ([`first_lines`], [`relative`]).

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

/// Success: a passing exercise, a check that held.
pub const OK: Style = AnsiColor::Green.on_default();
/// Failure: a failing test, a violated check.
pub const FAIL: Style = AnsiColor::Red.on_default().bold();
/// Something to look at that is not a failure.
pub const WARN: Style = AnsiColor::Yellow.on_default();
/// Less important text.
pub const DIM: Style = Style::new().dimmed();
/// Headings and names.
pub const BOLD: Style = Style::new().bold();
/// Commands the user can copy.
pub const CMD: Style = AnsiColor::Cyan.on_default();

/// `text` wrapped in `style`'s escape codes (removed again by `anstream` when
/// the output is not a terminal).
pub fn paint(style: Style, text: impl Display) -> String {
    format!("{style}{text}{style:#}")
}

/// A check mark: green `✓` for true, red `✗` for false.
pub fn mark(ok: bool) -> String {
    if ok {
        paint(OK, "✓")
    } else {
        paint(FAIL, "✗")
    }
}

/// A progress line on stderr: `checking chapter 06… compiling chapter-06`.
///
/// On a terminal the line is redrawn in place as [`Progress::update`] brings
/// news and erased by [`Progress::finish`]; elsewhere the label is printed once
/// as a plain line, so logs show what was being done without noise.
#[derive(Debug)]
pub struct Progress {
    label: String,
    tty: bool,
    shown: String,
}

/// Longest detail shown after the label, so the line never wraps (which
/// would break redrawing it in place).
const MAX_DETAIL: usize = 50;

impl Progress {
    /// Shows `label` (e.g. `checking chapter 06`).
    pub fn start(label: impl Into<String>) -> Self {
        let label = label.into();
        let tty = std::io::stderr().is_terminal();
        let progress = Self {
            label,
            tty,
            shown: String::new(),
        };
        if tty {
            progress.draw();
        } else {
            eprintln!("{}…", progress.label);
        }
        progress
    }

    /// Shows `detail` after the label (on a terminal only).
    pub fn update(&mut self, detail: &str) {
        let detail: String = detail.chars().take(MAX_DETAIL).collect();
        if self.tty && detail != self.shown {
            self.shown = detail;
            self.draw();
        }
    }

    fn draw(&self) {
        let mut err = std::io::stderr().lock();
        let text = format!("{}… {}", self.label, self.shown);
        let _ = write!(err, "\r\x1b[2K{}", paint(DIM, text));
        let _ = err.flush();
    }

    /// Removes the progress line (on a terminal).
    pub fn finish(self) {
        if self.tty {
            eprint!("\r\x1b[2K");
        }
    }
}

/// The first `n` lines of `text`, with `…` when some were left out.
pub fn first_lines(text: &str, n: usize) -> String {
    let mut lines: Vec<&str> = text.lines().take(n + 1).collect();
    if lines.len() > n {
        lines.truncate(n);
        lines.push("…");
    }
    lines.join("\n")
}

/// `path` relative to `base` when it is inside it, else as it is.
pub fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Indents every line of `text` by `by` spaces.
pub fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_marks_what_it_cut() {
        assert_eq!(first_lines("a\nb\nc", 2), "a\nb\n…");
        assert_eq!(first_lines("a\nb", 2), "a\nb");
    }

    #[test]
    fn relative_strips_the_base() {
        assert_eq!(relative(Path::new("/r/a/b"), Path::new("/r")), "a/b");
        assert_eq!(relative(Path::new("/x/a"), Path::new("/r")), "/x/a");
    }
}
