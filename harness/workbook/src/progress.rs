//! What the command is doing while the learner waits: `checking chapter 06…
//! compiling chapter-06` with a spinner (or a bar over the chapters) on a
//! terminal, drawn by `indicatif` on stderr and cleared when done.
//!
//! When stderr is not a terminal (a log, a CI job, a test) nothing is
//! redrawn: each label is printed once as a plain line, so a log says what
//! was being done without the noise of the details.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

/// A progress display on stderr; dropping it clears it.
#[derive(Debug)]
pub struct Progress {
    /// `None` when stderr is not a terminal.
    bar: Option<ProgressBar>,
}

/// How often the spinner turns.
const TICK: Duration = Duration::from_millis(120);

impl Progress {
    /// A spinner showing `label` (e.g. `checking chapter 06`).
    pub fn spinner(label: impl Into<String>) -> Self {
        Self::new(
            ProgressBar::new_spinner(),
            "{spinner:.dim} {prefix}… {wide_msg:.dim}",
            label,
        )
    }

    /// A bar over `len` steps (e.g. the chapters), showing `label`.
    pub fn bar(len: usize, label: impl Into<String>) -> Self {
        let template = "{spinner:.dim} [{pos}/{len}] {prefix}… {wide_msg:.dim}";
        Self::new(ProgressBar::new(len as u64), template, label)
    }

    fn new(bar: ProgressBar, template: &str, label: impl Into<String>) -> Self {
        let label = label.into();
        if !std::io::stderr().is_terminal() {
            eprintln!("{label}…");
            return Self { bar: None };
        }
        let style = ProgressStyle::with_template(template).expect("a valid template");
        let bar = bar
            .with_style(style)
            .with_prefix(label)
            .with_finish(ProgressFinish::AndClear);
        bar.enable_steady_tick(TICK);
        Self { bar: Some(bar) }
    }

    /// Says what is being done now (printed as a line when not a terminal).
    pub fn set_label(&self, label: impl Into<String>) {
        let label = label.into();
        match &self.bar {
            Some(bar) => {
                bar.set_prefix(label);
                bar.set_message("");
            }
            None => eprintln!("{label}…"),
        }
    }

    /// Shows `detail` after the label (on a terminal only).
    pub fn update(&self, detail: impl Into<String>) {
        if let Some(bar) = &self.bar {
            bar.set_message(detail.into());
        }
    }

    /// One more step of a [`Progress::bar`] done.
    pub fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}
