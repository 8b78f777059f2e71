//! A small unified-style line diff (`-` expected, `+` actual), for transcripts
//! and program output.
//!
//! It is the classic longest-common-subsequence diff: quadratic, so inputs are
//! capped at [`MAX_LINES`] lines a side (the rest is summarised), which is far
//! more than any transcript a conformance case produces.

use std::fmt::Write as _;

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

/// The edit script turning `a` into `b`, by longest common subsequence.
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    // lcs[i][j] = length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same(a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] > lcs[i + 1][j]) {
            ops.push(Op::Added(b[j]));
            j += 1;
        } else {
            ops.push(Op::Removed(a[i]));
            i += 1;
        }
    }
    ops
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
