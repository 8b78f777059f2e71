//! Redacting events one at a time, as they happen (`workbook peer`'s live
//! output), with the context a whole-transcript pass would have had.
//!
//! An event alone is not enough: `PASS hun` + `ter2\r\n` in two writes
//! leaves `ter2` looking harmless, and a base64 password after a `334 `
//! challenge looks like any other line. So per connection this keeps what
//! the [`Redactor`] needs to decide: each side's current line so far, and
//! the server's last complete line while the client has not answered it
//! yet. Each new event is redacted by the same [`Redactor::apply`] as whole
//! transcripts, on a small transcript made of that context followed by the
//! event. What is printed for the event is the redacted line so far minus
//! what was already printed of it, so the printed pieces add up to what the
//! whole transcript's redaction shows (`PA` then `SS <secret>\r\n`). When
//! they cannot (a redaction already printed would now read differently, or
//! a line longer than the context kept), the event's own part of the
//! redaction is printed: a secret whose start was printed, redacted, is
//! then dropped from the event that continues it.
//!
//! # Layout
//! [`LiveRedactor`], its per-connection `Context` and per-side `Line`.

use std::collections::HashMap;

use super::{Event, Redactor, Side, Transcript};

/// How much of a line is kept as context. Every secret rule keys on the
/// start of a line (`PASS `, `AUTH PLAIN `, a challenge's answer), and a
/// command line is at most 512 bytes in SMTP (RFC 5321 §4.5.3.1.4).
const LINE_HEAD: usize = 1024;

/// Redacts a live stream of events (see the module doc).
#[derive(Debug)]
pub struct LiveRedactor {
    redactor: Redactor,
    conns: HashMap<u32, Context>,
}

/// What one connection has said so far that later events depend on.
#[derive(Debug, Default)]
struct Context {
    client: Line,
    server: Line,
    /// The server's last complete line, until the client ends a line.
    server_last: Vec<u8>,
    /// `server_last` as it was when the client's current line began: the
    /// challenge (if it is one) that this line answers.
    answers: Vec<u8>,
}

/// One side's current, unfinished line: as sent, and as printed.
#[derive(Debug, Default)]
struct Line {
    sent: Vec<u8>,
    shown: Vec<u8>,
    /// Longer than [`LINE_HEAD`]: only its head is kept.
    long: bool,
}

impl LiveRedactor {
    /// A live redactor applying `redactor`'s rules.
    pub fn new(redactor: Redactor) -> Self {
        LiveRedactor {
            redactor,
            conns: HashMap::new(),
        }
    }

    /// The event as it may be shown, given everything seen before it.
    pub fn redact(&mut self, e: &Event) -> Event {
        let Event::Data { conn, from, bytes } = e else {
            if let Event::Close { conn, .. } | Event::Reset { conn, .. } = e {
                self.conns.remove(conn);
            }
            return self.apply(vec![e.clone()]).remove(0);
        };
        let cx = self.conns.entry(*conn).or_default();
        let data = |from: Side, bytes: &[u8]| Event::Data {
            conn: *conn,
            from,
            bytes: bytes.to_vec(),
        };
        let mut events = Vec::new();
        if *from == Side::Client {
            if cx.client.sent.is_empty() {
                cx.answers.clone_from(&cx.server_last);
            }
            if !cx.answers.is_empty() {
                events.push(data(Side::Server, &cx.answers));
            }
        }
        let line = cx.line(*from);
        let (long, shown) = (line.long, line.shown.clone());
        if !line.sent.is_empty() {
            events.push(data(*from, &line.sent));
        }
        events.push(e.clone());
        let redacted = self.apply(events);
        let own = match redacted.last() {
            Some(Event::Data { bytes, .. }) => bytes.clone(),
            _ => Vec::new(),
        };
        let whole: Vec<u8> = redacted
            .iter()
            .filter_map(|e| match e {
                Event::Data { from: f, bytes, .. } if f == from => Some(bytes.as_slice()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .concat();
        let out = match whole.strip_prefix(shown.as_slice()) {
            Some(rest) if !long => rest.to_vec(),
            _ => own,
        };
        let cx = self.conns.entry(*conn).or_default();
        cx.advance(*from, bytes, &out);
        data(*from, &out)
    }

    /// `events` after the redactor, as one transcript.
    fn apply(&self, events: Vec<Event>) -> Vec<Event> {
        let t = Transcript {
            header: Vec::new(),
            events,
        };
        self.redactor.apply(&t).events
    }
}

impl Context {
    fn line(&mut self, side: Side) -> &mut Line {
        match side {
            Side::Client => &mut self.client,
            Side::Server => &mut self.server,
        }
    }

    /// Moves the line state past `sent` by `from`, printed as `shown`
    /// (redaction keeps line ends, so both end the same lines).
    fn advance(&mut self, from: Side, sent: &[u8], shown: &[u8]) {
        for &b in sent {
            match from {
                Side::Client if b == b'\n' => {
                    self.client.end();
                    self.server_last.clear();
                    self.answers.clear();
                }
                Side::Server if b == b'\n' => {
                    self.server_last = std::mem::take(&mut self.server.sent);
                    self.server_last.push(b);
                    self.server.end();
                }
                _ => {
                    let line = self.line(from);
                    line.long |= push_capped(&mut line.sent, b);
                }
            }
        }
        let line = self.line(from);
        let tail = match shown.iter().rposition(|&b| b == b'\n') {
            Some(i) => {
                line.shown.clear();
                &shown[i + 1..]
            }
            None => shown,
        };
        for &b in tail {
            line.long |= push_capped(&mut line.shown, b);
        }
    }
}

impl Line {
    fn end(&mut self) {
        *self = Line::default();
    }
}

/// Appends `b` unless `line` is full; returns whether it was.
fn push_capped(line: &mut Vec<u8>, b: u8) -> bool {
    let full = line.len() >= LINE_HEAD;
    if !full {
        line.push(b);
    }
    full
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::strategies::{chunked, config_with_cases};

    const PASSWORD: &str = "hunter2-Zq9";

    /// Compiled once: building the rules costs more than using them.
    fn secrets() -> Redactor {
        static RULES: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
        RULES.get_or_init(Redactor::secrets_only).clone()
    }

    /// A conversation: each turn one side's bytes, the client's to be
    /// chopped. SMTP AUTH LOGIN, AUTH PLAIN after a bare `334 `, POP3 PASS.
    const TURNS: &[(Side, &str)] = &[
        (Side::Server, "220 hi\r\n"),
        (Side::Client, "AUTH LOGIN\r\n"),
        (Side::Server, "334 VXNlcm5hbWU6\r\n"),
        (Side::Client, "cHVjaw==\r\n"),
        (Side::Server, "334 UGFzc3dvcmQ6\r\n"),
        // base64("hunter2-Zq9")
        (Side::Client, "aHVudGVyMi1acTk=\r\n"),
        (Side::Server, "235 ok\r\n"),
        (Side::Client, "AUTH PLAIN\r\n"),
        (Side::Server, "334 \r\n"),
        // base64("\0puck\0hunter2-Zq9")
        (Side::Client, "AHB1Y2sAaHVudGVyMi1acTk=\r\n"),
        (Side::Server, "235 ok\r\n"),
        (Side::Client, "USER puck\r\n"),
        (Side::Server, "+OK\r\n"),
        (Side::Client, "PASS hunter2-Zq9\r\n"),
        (Side::Server, "+OK\r\n"),
        (Side::Client, "QUIT\r\n"),
    ];

    fn events(cuts: &[Vec<Vec<u8>>]) -> Vec<Event> {
        let mut client = cuts.iter();
        let mut out = Vec::new();
        for (side, text) in TURNS {
            let chunks = match side {
                Side::Client => client.next().cloned().unwrap_or_default(),
                Side::Server => vec![text.as_bytes().to_vec()],
            };
            for bytes in chunks {
                out.push(Event::Data {
                    conn: 1,
                    from: *side,
                    bytes,
                });
            }
        }
        out
    }

    fn client_bytes(events: &[Event]) -> Vec<u8> {
        let t = Transcript {
            header: Vec::new(),
            events: events.to_vec(),
        };
        t.bytes(1, Side::Client)
    }

    fn one_byte_writes() -> Vec<Vec<Vec<u8>>> {
        TURNS
            .iter()
            .filter(|(s, _)| *s == Side::Client)
            .map(|(_, t)| t.bytes().map(|b| vec![b]).collect())
            .collect()
    }

    #[test]
    fn one_byte_writes_show_no_password() {
        let events = events(&one_byte_writes());
        let mut live = LiveRedactor::new(secrets());
        let shown: Vec<Event> = events.iter().map(|e| live.redact(e)).collect();
        let text = String::from_utf8_lossy(&client_bytes(&shown)).into_owned();
        for secret in [PASSWORD, "aHVudGVyMi1acTk=", "AHB1Y2sAaHVudGVyMi1acTk="] {
            assert!(!text.contains(secret), "{secret} in {text:?}");
        }
        assert!(text.contains("PASS <secret>\r\n"), "{text:?}");
    }

    fn chunkings() -> impl Strategy<Value = Vec<Vec<Vec<u8>>>> {
        let client: Vec<_> = TURNS
            .iter()
            .filter(|(s, _)| *s == Side::Client)
            .map(|(_, t)| chunked(t.as_bytes().to_vec()))
            .collect();
        client
    }

    proptest! {
        #![proptest_config(config_with_cases(64))]

        /// However the client's writes are split, the printed pieces add
        /// up to what redacting the whole transcript shows.
        #[test]
        fn live_output_adds_up_to_the_whole_transcript_redaction(cuts in chunkings()) {
            let events = events(&cuts);
            let whole = secrets().apply(&Transcript {
                header: Vec::new(),
                events: events.clone(),
            });
            let mut live = LiveRedactor::new(secrets());
            let shown: Vec<Event> = events.iter().map(|e| live.redact(e)).collect();
            let (shown, whole) = (client_bytes(&shown), client_bytes(&whole.events));
            prop_assert_eq!(String::from_utf8_lossy(&shown), String::from_utf8_lossy(&whole));
        }
    }
}
