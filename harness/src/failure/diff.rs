//! A small unified-style line diff (`-` expected, `+` actual), for transcripts
//! and program output.
//!
//! The edit script comes from the `similar` crate (Myers' algorithm); only
//! the rendering is ours: two-space context lines, `…` for skipped ones, and
//! no hunk headers, since the reader compares text, not patches. Inputs are
//! capped at [`MAX_LINES`] lines a side (the rest is summarised), far more
//! than any transcript a conformance case produces.
//!
//! # Layout
//! [`MAX_LINES`], `edit_script`, `visible`, [`line_diff`].

use std::fmt::Write as _;

use similar::{Algorithm, ChangeTag, capture_diff_slices};

/// Lines of each side the diff looks at; the rest is reported as cut.
pub const MAX_LINES: usize = 2000;
/// Unchanged lines kept around each change.
const CONTEXT: usize = 3;

/// One line of the edit script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The edit script turning `a` into `b`, line by line.
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .flat_map(|op| op.iter_changes(a, b))
        .map(|change| match change.tag() {
            ChangeTag::Equal => Op::Same(change.value()),
            ChangeTag::Delete => Op::Removed(change.value()),
            ChangeTag::Insert => Op::Added(change.value()),
        })
        .collect()
}

/// Which ops to print: every change plus [`CONTEXT`] lines around it.
fn visible(ops: &[Op<'_>]) -> Vec<bool> {
    let mut keep = vec![false; ops.len()];
    for (k, op) in ops.iter().enumerate() {
        if !matches!(op, Op::Same(_)) {
            let lo = k.saturating_sub(CONTEXT);
            let hi = (k + CONTEXT + 1).min(ops.len());
            keep[lo..hi].iter_mut().for_each(|v| *v = true);
        }
    }
    keep
}

/// Renders a unified-style diff of `expected` against `actual`, line by
/// line: `-` lines only in expected, `+` lines only in actual, two-space
/// lines in both, `…` where unchanged lines are skipped. Empty when equal.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let (a_cut, b_cut) = (&a[..a.len().min(MAX_LINES)], &b[..b.len().min(MAX_LINES)]);
    let ops = edit_script(a_cut, b_cut);
    if ops.iter().all(|op| matches!(op, Op::Same(_))) && a.len() == b.len() {
        return String::new();
    }
    let keep = visible(&ops);
    let mut out = String::from("--- expected\n+++ actual\n");
    let mut skipped = false;
    for (op, keep) in ops.iter().zip(keep) {
        if !keep {
            skipped = true;
            continue;
        }
        if std::mem::take(&mut skipped) {
            out.push_str("  …\n");
        }
        let _ = match op {
            Op::Same(line) => writeln!(out, "  {line}"),
            Op::Removed(line) => writeln!(out, "- {line}"),
            Op::Added(line) => writeln!(out, "+ {line}"),
        };
    }
    if skipped {
        out.push_str("  …\n");
    }
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        let _ = writeln!(out, "  (cut after {MAX_LINES} lines a side)");
    }
    out
}
