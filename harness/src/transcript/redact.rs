//! Deterministic redaction, so transcripts compare equal from run to run and
//! never show a password.
//!
//! Rules run over the whole byte stream of each (connection, side), not over
//! single events, so a password chopped into 1-byte writes is still found;
//! the replacement goes into the event where the match starts and the rest
//! of the match is dropped from later events (their `Data` may become empty).
//!
//! Default rules (each replacement is a fixed point, so redacting twice is
//! the same as once):
//! - ports: `127.0.0.1:40123` → `127.0.0.1:<port>`
//! - dates: RFC 5322 / HTTP, `ctime` and ISO 8601 → `<date>`
//! - message ids: `Message-ID: <…>` and `Content-ID: <…>` → `<message-id>`
//! - MIME boundaries: every `boundary=` value, wherever it appears → `<boundary>`
//! - secrets → `<secret>`: client `AUTH <mech> <initial-response>`, `PASS …`,
//!   `APOP user …`, `Authorization:` credentials, any client line answering a
//!   `334 ` (SMTP) or `+ ` (POP3) challenge, and passwords in URLs.

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::challenge::redact_challenges;
use super::edit::{edit_stream, streams};
use super::text::one_line;
use super::{Event, Side, Transcript};

/// One pattern and its replacement (`${1}` refers to capture groups).
#[derive(Debug, Clone)]
struct Rule {
    re: Regex,
    replacement: Vec<u8>,
    side: Option<Side>,
}

/// Redaction rules; [`Redactor::default()`] has the rules in the module doc.
#[derive(Debug, Clone)]
pub struct Redactor {
    rules: Vec<Rule>,
    boundaries: bool,
    challenges: bool,
}

const MONTH: &str = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const AUTHORIZATION: &str = r"(?im)^((?:proxy-)?authorization:[ \t]*[A-Za-z-]+[ \t]+)[^\r\n]+";
const DAY: &str = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";

impl Default for Redactor {
    fn default() -> Self {
        let rfc5322 = format!(
            r"(?:{DAY},[ \t]*)?\d{{1,2}}[ \t]+{MONTH}[ \t]+\d{{2,4}}[ \t]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]+(?:[+-]\d{{4}}|[A-Z]{{1,5}}))?(?:[ \t]+\([A-Za-z ]+\))?"
        );
        let ctime = format!(
            r"{DAY}[ \t]+{MONTH}[ \t]+\d{{1,2}}[ \t]+\d{{2}}:\d{{2}}:\d{{2}}(?:[ \t]+[A-Z]{{3,5}})?[ \t]+\d{{4}}"
        );
        let iso = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?";
        Redactor::secrets_only()
            .with(
                r"\b((?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9A-Fa-f:]+\]):\d{1,5}\b",
                "${1}:<port>",
            )
            .with(&rfc5322, "<date>")
            .with(&ctime, "<date>")
            .with(iso, "<date>")
            .with(
                r"(?im)^((?:message|content)-id:[ \t]*)<[^>\r\n]*>",
                "${1}<message-id>",
            )
            .with_boundaries(true)
    }
}

impl Redactor {
    /// A shared, lazily built [`Redactor::default()`] (compiling the rules
    /// once matters: tests render thousands of transcripts).
    pub fn shared_default() -> &'static Redactor {
        static DEFAULT: OnceLock<Redactor> = OnceLock::new();
        DEFAULT.get_or_init(Redactor::default)
    }

    /// Only the secret rules (for live output, where ports and dates help).
    pub fn secrets_only() -> Self {
        Redactor::none()
            .with(
                r"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):[^@/\s]*@",
                "${1}:<secret>@",
            )
            .with_on(
                Side::Client,
                r"(?im)^(AUTH[ \t]+[A-Za-z0-9_-]+[ \t]+)[^ \t\r\n]+",
                "${1}<secret>",
            )
            .with_on(Side::Client, r"(?im)^(PASS[ \t]+)[^\r\n]+", "${1}<secret>")
            .with_on(
                Side::Client,
                r"(?im)^(APOP[ \t]+[^ \t\r\n]+[ \t]+)[^\r\n]+",
                "${1}<secret>",
            )
            .with_on(Side::Client, AUTHORIZATION, "${1}<secret>")
            .with_challenges(true)
    }

    /// A redactor that changes nothing (header control characters aside).
    pub fn none() -> Self {
        Redactor {
            rules: Vec::new(),
            boundaries: false,
            challenges: false,
        }
    }

    /// Adds a rule for both sides. Panics on an invalid pattern (a bug in the test).
    pub fn with(self, pattern: &str, replacement: &str) -> Self {
        self.push(None, pattern, replacement)
    }

    /// Adds a rule for the bytes one side sent.
    pub fn with_on(self, side: Side, pattern: &str, replacement: &str) -> Self {
        self.push(Some(side), pattern, replacement)
    }

    /// Turns MIME boundary redaction on or off.
    pub fn with_boundaries(mut self, on: bool) -> Self {
        self.boundaries = on;
        self
    }

    /// Turns redaction of client answers to `334 `/`+ ` challenges on or off.
    pub fn with_challenges(mut self, on: bool) -> Self {
        self.challenges = on;
        self
    }

    fn push(mut self, side: Option<Side>, pattern: &str, replacement: &str) -> Self {
        let re = Regex::new(pattern)
            .unwrap_or_else(|e| panic!("bad redaction pattern {pattern:?}: {e}"));
        self.rules.push(Rule {
            re,
            replacement: replacement.as_bytes().to_vec(),
            side,
        });
        self
    }

    /// Redacts a text (header value or note) with the rules for both sides.
    pub fn redact_text(&self, s: &str) -> String {
        let mut bytes = s.as_bytes().to_vec();
        for rule in self.rules.iter().filter(|r| r.side.is_none()) {
            bytes = rule
                .re
                .replace_all(&bytes, rule.replacement.as_slice())
                .into_owned();
        }
        one_line(&String::from_utf8_lossy(&bytes))
    }

    /// Returns the redacted transcript.
    pub fn apply(&self, t: &Transcript) -> Transcript {
        let header = t
            .header
            .iter()
            .map(|(k, v)| (one_line(k), self.redact_text(v)))
            .collect();
        let mut events = t.events.clone();
        for e in &mut events {
            match e {
                Event::Note { text, .. } => *text = self.redact_text(text),
                Event::Open { label, .. } => *label = one_line(label),
                _ => {}
            }
        }
        if self.challenges {
            redact_challenges(&mut events);
        }
        let mut rules = self.rules.clone();
        if self.boundaries {
            rules.extend(boundary_rules(&events));
        }
        for rule in &rules {
            for (side, idx) in streams(&events) {
                if rule.side.is_none_or(|s| s == side) {
                    apply_rule(rule, &mut events, &idx);
                }
            }
        }
        Transcript { header, events }
    }
}

/// Runs one rule over the concatenated stream and splices the result back.
fn apply_rule(rule: &Rule, events: &mut [Event], idx: &[usize]) {
    edit_stream(events, idx, |_, whole| {
        let mut edits = Vec::new();
        for caps in rule.re.captures_iter(whole) {
            let m = caps.get(0).expect("group 0 always matches");
            if m.is_empty() {
                continue;
            }
            let mut rep = Vec::new();
            caps.expand(&rule.replacement, &mut rep);
            edits.push((m.start(), m.end(), rep));
        }
        edits
    });
}

/// One literal rule per MIME boundary value found anywhere in the transcript.
fn boundary_rules(events: &[Event]) -> Vec<Rule> {
    static PARAM: OnceLock<Regex> = OnceLock::new();
    let param = PARAM.get_or_init(|| {
        Regex::new(r#"(?i)boundary=(?:"([^"\r\n]+)"|([^;\s"]+))"#).expect("valid pattern")
    });
    let mut values: Vec<Vec<u8>> = Vec::new();
    for (_, idx) in streams(events) {
        let whole: Vec<u8> = idx
            .iter()
            .flat_map(|&i| match &events[i] {
                Event::Data { bytes, .. } => bytes.clone(),
                _ => Vec::new(),
            })
            .collect();
        for caps in param.captures_iter(&whole) {
            let v = caps
                .get(1)
                .or(caps.get(2))
                .expect("one branch matched")
                .as_bytes()
                .to_vec();
            if v != b"<boundary>" && !values.contains(&v) {
                values.push(v);
            }
        }
    }
    // Longest first, so a boundary that contains another is replaced whole.
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values
        .iter()
        .map(|v| Rule {
            re: Regex::new(&regex::escape(&String::from_utf8_lossy(v))).expect("escaped literal"),
            replacement: b"<boundary>".to_vec(),
            side: None,
        })
        .collect()
}
