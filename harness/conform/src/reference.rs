//! Reference directories, `fixtures/reference/<case>/`, and the normalised
//! views runs are compared in.
//!
//! A reference directory holds `transcript.txt` (the conversation our own
//! program had, in the transcript text format) and `expected.toml` (the
//! normalised outcome: what it printed, how it exited). Both are written by
//! `workbook conform <case> --record` from a passing run of our program.
//!
//! Runs are compared by meaning: [`line_view`] reduces a transcript to the
//! lines each side sent and the closes, whatever the write boundaries and
//! line endings were; exact bytes are the business of a case's own checks.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use harness::transcript::{Event, Side, Transcript};

/// The file holding the reference conversation.
pub const TRANSCRIPT_FILE: &str = "transcript.txt";
/// The file holding the reference outcome.
pub const EXPECTED_FILE: &str = "expected.toml";

/// `fixtures/reference/<case>` under `root`.
pub fn dir(root: &Path, case: &str) -> PathBuf {
    root.join("fixtures").join("reference").join(case)
}

/// A loaded reference directory.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// The reference conversation, if the case has one.
    pub transcript: Option<Transcript>,
    /// The reference outcome, if the case has one.
    pub expected: Option<toml::Table>,
}

/// Loads `dir`; `Ok(None)` when it does not exist.
pub fn load(dir: &Path) -> anyhow::Result<Option<Reference>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let read = |name: &str| -> anyhow::Result<Option<String>> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    };
    let transcript = read(TRANSCRIPT_FILE)?
        .map(|t| Transcript::parse(&t))
        .transpose()
        .with_context(|| format!("parsing {}", dir.join(TRANSCRIPT_FILE).display()))?;
    let expected = read(EXPECTED_FILE)?
        .map(|t| toml::from_str(&t))
        .transpose()
        .with_context(|| format!("parsing {}", dir.join(EXPECTED_FILE).display()))?;
    Ok(Some(Reference {
        transcript,
        expected,
    }))
}

/// Writes a reference directory from a run (`--record`).
pub fn save(
    dir: &Path,
    transcript: Option<&Transcript>,
    outcome: &toml::Table,
    command: &str,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if let Some(t) = transcript {
        let path = dir.join(TRANSCRIPT_FILE);
        std::fs::write(&path, t.render()).with_context(|| format!("writing {}", path.display()))?;
    }
    if !outcome.is_empty() {
        let text = format!(
            "# Recorded by `workbook conform --record` from: {command}\n{}",
            toml::to_string(outcome)?
        );
        let path = dir.join(EXPECTED_FILE);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Renders a table as TOML text, for diffs.
pub fn table_text(table: &toml::Table) -> String {
    toml::to_string(table).unwrap_or_else(|e| format!("(cannot render: {e})"))
}

/// One connection's state while building the line view.
#[derive(Default)]
struct ConnView {
    lines: Vec<String>,
    partial: BTreeMap<char, Vec<u8>>,
}

impl ConnView {
    /// Emits every complete line `from` has sent so far.
    fn data(&mut self, from: Side, bytes: &[u8]) {
        let buf = self.partial.entry(from.letter()).or_default();
        buf.extend_from_slice(bytes);
        while let Some(end) = buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = buf.drain(..=end).collect();
            let text = line
                .strip_suffix(b"\r\n")
                .or(line.strip_suffix(b"\n"))
                .unwrap_or(&line);
            let text = harness::failure::escape(text);
            self.lines.push(format!("{}> {text}", from.letter()));
        }
    }

    /// Emits what `from` left without a line ending (before a close).
    fn flush(&mut self, from: Side) {
        if let Some(rest) = self
            .partial
            .remove(&from.letter())
            .filter(|r| !r.is_empty())
        {
            let text = harness::failure::escape(&rest);
            self.lines
                .push(format!("{}> {text}  (no line ending)", from.letter()));
        }
    }
}

/// The transcript as lines per connection: `C> text` for every complete
/// line (line ending dropped, however the bytes were chunked), then closes,
/// resets and timeouts; notes and the header are left out.
pub fn line_view(transcript: &Transcript) -> String {
    let mut conns: BTreeMap<u32, ConnView> = BTreeMap::new();
    for event in &transcript.events {
        let Some(conn) = event.conn() else { continue };
        let view = conns.entry(conn).or_default();
        match event {
            Event::Open { label, .. } => view.lines.push(format!("open {label}")),
            Event::Data { from, bytes, .. } => view.data(*from, bytes),
            Event::HalfClose { from, .. } => end(view, *from, "half-close"),
            Event::Close { from, .. } => end(view, *from, "close"),
            Event::Reset { from, .. } => end(view, *from, "reset"),
            Event::Timeout { from, .. } => end(view, *from, "timeout"),
            Event::Note { .. } => {}
        }
    }
    let mut out = String::new();
    for (conn, mut view) in conns {
        view.flush(Side::Client);
        view.flush(Side::Server);
        for line in view.lines {
            let _ = writeln!(out, "{conn} {line}");
        }
    }
    out
}

fn end(view: &mut ConnView, from: Side, what: &str) {
    view.flush(from);
    view.lines.push(format!("{}| {what}", from.letter()));
}
