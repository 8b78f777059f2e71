//! Running one case from start to report: let the case run and grade the
//! program, then compare (or, with `--record`, store) the reference.

use std::path::Path;

use anyhow::bail;

use super::reference::{self, Reference};
use super::report::{self, Report, STDERR_TAIL_LINES, capped_output};
use super::{Case, CaseInfo, Check, Evidence, Grade, Session, shell};
use harness::failure::line_diff;

/// Whether a run is checked against the reference or becomes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare with `fixtures/reference/<case>/` (the normal use).
    Compare,
    /// Rewrite `fixtures/reference/<case>/` from this run (maintainers;
    /// refused when a check FAILED).
    Record,
}

/// Runs `case` with `session` and builds its report.
pub fn run(case: &dyn Case, session: &Session, mode: Mode) -> anyhow::Result<Report> {
    let info = case.info();
    let mut evidence = case.run(session)?;
    let dir = reference::dir(&session.root, &info.name);
    let shown = dir
        .strip_prefix(&session.root)
        .unwrap_or(&dir)
        .display()
        .to_string();
    let mut diff = None;
    match mode {
        Mode::Record => record(&info.name, session, &dir, &mut evidence)?,
        Mode::Compare if !has_reference_data(&evidence) => {}
        Mode::Compare => match reference::load(&dir)? {
            Some(reference) => diff = compare(case, &reference, &mut evidence),
            None if failed(&evidence) => {}
            None => evidence.checks.push(Check::must(
                "has a reference to compare with",
                false,
                format!(
                    "{shown} does not exist; maintainers create it with `workbook conform {} \
                     --record` using our own program",
                    info.name
                ),
            )),
        },
    }
    if mode == Mode::Record {
        evidence.checks.push(Check::ok(format!("recorded {shown}")));
    }
    Ok(build(info, session, evidence, diff))
}

/// Writes the reference directory from a run that has no FAILED check.
fn record(
    name: &str,
    session: &Session,
    dir: &Path,
    evidence: &mut Evidence,
) -> anyhow::Result<()> {
    if !has_reference_data(evidence) {
        bail!(
            "case `{name}` has no reference directory to record (a corpus case is its .out files)"
        );
    }
    if failed(evidence) {
        bail!(
            "refusing to record {}: the run has FAILED checks",
            dir.display()
        );
    }
    let command = shell::line(&session.program.argv);
    reference::save(
        dir,
        evidence.transcript.as_ref(),
        &evidence.outcome,
        &command,
    )
}

fn has_reference_data(evidence: &Evidence) -> bool {
    evidence.transcript.is_some() || !evidence.outcome.is_empty()
}

fn failed(evidence: &Evidence) -> bool {
    evidence.checks.iter().any(|c| c.grade == Grade::Failed)
}

/// Adds the "same as the reference" checks and returns the diff, if any.
/// After a FAILED check the differences are its consequence: they are shown
/// (when there was any conversation) but not graded again.
fn compare(case: &dyn Case, reference: &Reference, evidence: &mut Evidence) -> Option<String> {
    let graded = !failed(evidence);
    let talked = evidence
        .transcript
        .as_ref()
        .is_some_and(|t| !t.events.is_empty());
    if !graded && !talked {
        return None;
    }
    let mut diff = String::new();
    if let (Some(expected), Some(actual)) = (&reference.transcript, &evidence.transcript) {
        let d = line_diff(
            &case.normalise(expected),
            &case.normalise(&actual.redacted()),
        );
        let why = "the lines sent or the closes differ: see the differences below";
        let check = Check::must(
            "has the same conversation as the reference (by meaning)",
            d.is_empty(),
            why,
        );
        add(
            evidence,
            graded.then_some(check),
            &mut diff,
            reference::TRANSCRIPT_FILE,
            &d,
        );
    }
    if let Some(expected) = &reference.expected {
        let d = line_diff(
            &reference::table_text(expected),
            &reference::table_text(&evidence.outcome),
        );
        let why = "what it printed or how it exited differs: see the differences below";
        let check = Check::must("has the same outcome as the reference", d.is_empty(), why);
        add(
            evidence,
            graded.then_some(check),
            &mut diff,
            reference::EXPECTED_FILE,
            &d,
        );
    }
    (!diff.is_empty()).then_some(diff)
}

/// Adds a comparison's check (if graded) and its diff (if any).
fn add(evidence: &mut Evidence, check: Option<Check>, diff: &mut String, file: &str, d: &str) {
    evidence.checks.extend(check);
    if !d.is_empty() {
        diff.push_str(&format!("{} ({file}):\n{d}", file_topic(file)));
    }
}

/// What a reference file holds, for the diff headings.
fn file_topic(file: &str) -> &'static str {
    if file == reference::TRANSCRIPT_FILE {
        "conversation"
    } else {
        "outcome"
    }
}

fn build(info: CaseInfo, session: &Session, ev: Evidence, diff: Option<String>) -> Report {
    let run = ev.run.as_ref();
    let report = Report {
        case: info.name,
        role: info.role,
        command: session.program.argv.clone(),
        peers: info.peers,
        verdict: report::verdict(&ev.checks),
        checks: ev.checks,
        diff,
        exit: run.map(|r| r.describe_exit()),
        stderr_tail: run
            .map(|r| r.stderr_tail(STDERR_TAIL_LINES))
            .unwrap_or_default(),
        stdout: run.map(|r| capped_output(&r.stdout)).unwrap_or_default(),
        stderr: run.map(|r| capped_output(&r.stderr)).unwrap_or_default(),
        reproduce: ev.reproduce,
        seed: ev.seed,
        elapsed_ms: run.map(|r| r.elapsed.as_millis()),
    };
    hide_secrets(report, &secrets())
}

/// The test accounts' passwords (`fixtures/mail/accounts.toml`): the mail
/// cases give them to the program, which may print them, and a report may
/// be pasted anywhere, so none of its text shows one.
fn secrets() -> Vec<String> {
    let accounts = harness::pop3::fixture_accounts().list.into_iter();
    let mut secrets: Vec<String> = accounts.map(|a| a.password).collect();
    secrets.push(harness::mail::TEST_PASSWORD.to_string());
    secrets.retain(|s| !s.is_empty());
    secrets
}

/// `report` with every one of `secrets` in its texts replaced by `<secret>`.
fn hide_secrets(mut report: Report, secrets: &[String]) -> Report {
    let hide = |text: &mut String| {
        for secret in secrets {
            if text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), "<secret>");
            }
        }
    };
    for check in &mut report.checks {
        hide(&mut check.name);
        hide(&mut check.detail);
    }
    report.diff.iter_mut().for_each(hide);
    report.exit.iter_mut().for_each(hide);
    report.command.iter_mut().for_each(hide);
    report.reproduce.iter_mut().for_each(hide);
    hide(&mut report.stderr_tail);
    hide(&mut report.stdout);
    hide(&mut report.stderr);
    report
}
