//! What the client cases check of the fake peer's transcript (the
//! program's connections and how it ended them) and of what the program
//! printed, and the evidence of a client that prints what it got.

use std::time::Duration;

use super::exit_status;
use crate::{Evidence, ProgramRun};
use harness::failure::bytes_mismatch;
use harness::transcript::{Event, Side, Transcript};

/// Longest wait for the peer to record the ends of the program's connections.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

/// Whether every opened connection has an end recorded from the client.
pub(crate) fn all_ended(events: &[Event]) -> bool {
    let t = Transcript {
        header: Vec::new(),
        events: events.to_vec(),
    };
    events.iter().all(|e| match e {
        Event::Open { conn, .. } => client_closed(&t, *conn),
        _ => true,
    })
}

/// The first connection in the transcript, if any.
pub(crate) fn first_conn(t: &Transcript) -> Option<u32> {
    t.events.iter().find_map(|e| match e {
        Event::Open { conn, .. } => Some(*conn),
        _ => None,
    })
}

/// Whether the peer saw the client end the connection (EOF, close or reset).
pub(crate) fn client_closed(t: &Transcript, conn: u32) -> bool {
    t.connection(conn).iter().any(|e| {
        matches!(
            e,
            Event::HalfClose {
                from: Side::Client,
                ..
            } | Event::Close {
                from: Side::Client,
                ..
            } | Event::Reset {
                from: Side::Client,
                ..
            }
        )
    })
}

/// Whether `text` is a whole line of stdout (any line ending), and how
/// stdout differs from that one line, for the report.
pub(crate) fn printed_line(run: &ProgramRun, text: &str) -> (bool, String) {
    let printed = run
        .stdout
        .split(|&b| b == b'\n')
        .any(|l| l.strip_suffix(b"\r").unwrap_or(l) == text.as_bytes());
    let mut mismatch = bytes_mismatch(format!("{text}\n").as_bytes(), &run.stdout);
    // With several lines printed, the first differing byte of the whole
    // output may be far from the line meant: show that line too.
    let stdout = String::from_utf8_lossy(&run.stdout);
    if stdout.lines().count() > 1
        && let Some(line) = closest_line(&stdout, &[text])
    {
        mismatch.push_str(&format!("\nthe closest line it printed: {line:?}"));
    }
    (printed, mismatch)
}

/// The line of `printed` most like one of `wants` (the forms a correct
/// line may take), by edit distance over their first 200 characters, for
/// a failure about the program's output: it shows what the program
/// printed instead, not only what was expected.
pub(crate) fn closest_line<'a>(printed: &'a str, wants: &[&str]) -> Option<&'a str> {
    let lines = printed.lines().map(|l| l.trim_end_matches('\r'));
    let lines = lines.filter(|l| !l.trim().is_empty());
    let distance = |l: &str| wants.iter().map(|w| edit_distance(l, w)).min();
    lines.min_by_key(|l| distance(l))
}

/// `detail` and, when the program printed anything, the line closest to
/// one of `wants`.
pub(crate) fn with_closest(detail: String, printed: &str, wants: &[&str]) -> String {
    match closest_line(printed, wants) {
        Some(line) => format!("{detail}\nthe closest line it printed: {line:?}"),
        None => format!("{detail}\nit printed nothing on stdout"),
    }
}

/// Levenshtein distance between the first 200 characters of each (the
/// cap bounds the work on a long line).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(200).collect();
    let b: Vec<char> = b.chars().take(200).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The evidence of a client case whose program prints what it got: the
/// peer's transcript, the run, and the printed lines as the outcome.
pub(crate) fn printed_evidence(
    checks: Vec<crate::Check>,
    transcript: Transcript,
    run: ProgramRun,
    reproduce: Vec<String>,
) -> Evidence {
    Evidence {
        checks,
        outcome: printed_outcome(&run),
        transcript: Some(transcript),
        run: Some(run),
        reproduce,
        seed: None,
    }
}

/// What the reference records of a client that prints what it got: the
/// printed lines (without CR) and the exit status.
fn printed_outcome(run: &ProgramRun) -> toml::Table {
    let text = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<toml::Value> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').into())
        .collect();
    let mut table = toml::Table::new();
    table.insert("stdout_lines".into(), lines.into());
    table.insert("exit_status".into(), exit_status(run).into());
    table
}

#[cfg(test)]
mod tests {
    use super::closest_line;

    #[test]
    fn the_closest_line_is_the_most_alike() {
        let printed = "Size: 10\nSubject: Ill mot by moonlight\r\nFrom: Puck\n";
        let got = closest_line(printed, &["Subject: Ill met by moonlight"]);
        assert_eq!(got, Some("Subject: Ill mot by moonlight"));
        let either = closest_line(printed, &["Size: 99", "From: Puck"]);
        assert_eq!(either, Some("From: Puck"));
        assert_eq!(closest_line("\n \n", &["x"]), None);
    }
}
