//! Redacting SASL exchanges: after an SMTP `334 ` (RFC 4954) or POP3 `+ `
//! (RFC 5034) challenge, the client's next line is a credential (base64 of
//! a user name, a password, a PLAIN blob), whatever its words. Which lines
//! those are depends on the order of both sides' events, so this pass walks
//! a connection's events in order instead of matching one stream.
//!
//! # Layout
//! `redact_challenges` (called by the [`Redactor`](super::Redactor)),
//! `challenge_answers`, `Scan`, `push_answer`; the splicing is `edit`'s.

use super::edit::{Edit, edit_stream, streams};
use super::{Event, Side};

/// Replaces each client line that answers a `334 ` (SMTP AUTH, RFC 4954) or
/// `+ ` (POP3 AUTH, RFC 5034) challenge with `<secret>`.
pub(super) fn redact_challenges(events: &mut [Event]) {
    for (side, idx) in streams(events) {
        if side != Side::Client {
            continue;
        }
        let conn = events[idx[0]].conn();
        edit_stream(events, &idx, |events, whole| {
            challenge_answers(events, conn, &idx, whole)
        });
    }
}

/// Client-stream ranges of lines sent while a server challenge was pending.
fn challenge_answers(
    events: &[Event],
    conn: Option<u32>,
    client_idx: &[usize],
    whole: &[u8],
) -> Vec<Edit> {
    let mut scan = Scan::default();
    let last = *client_idx.last().expect("non-empty stream");
    for e in events.iter().take(last + 1).filter(|e| e.conn() == conn) {
        if let Event::Data { from, bytes, .. } = e {
            match from {
                Side::Server => scan.server(bytes),
                Side::Client => scan.client(bytes, whole),
            }
        }
    }
    // A line not ended yet (the connection closed, or a live printer has
    // seen only its start) is an answer all the same.
    if scan.answering && scan.pos > scan.line_start {
        push_answer(&mut scan.out, whole, scan.line_start, scan.pos);
    }
    scan.out
}

/// The state of the walk over one connection's events.
#[derive(Default)]
struct Scan {
    /// The start of the server's current line (enough to see `334 `/`+ `).
    server_line: Vec<u8>,
    /// The server's last complete line was a challenge.
    pending: bool,
    /// Position in the client stream, and where its current line started.
    pos: usize,
    line_start: usize,
    /// The client's current line answers a challenge.
    answering: bool,
    out: Vec<Edit>,
}

impl Scan {
    fn server(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' {
                let line = &self.server_line;
                self.pending = line.starts_with(b"334 ") || line.starts_with(b"+ ");
                self.server_line.clear();
            } else if self.server_line.len() < 8 {
                self.server_line.push(b);
            }
        }
    }

    fn client(&mut self, bytes: &[u8], whole: &[u8]) {
        for &b in bytes {
            if self.pos == self.line_start {
                self.answering = self.pending;
            }
            self.pos += 1;
            if b == b'\n' {
                if self.answering {
                    push_answer(&mut self.out, whole, self.line_start, self.pos);
                }
                self.pending = false;
                self.line_start = self.pos;
            }
        }
    }
}

/// Records the edit for one answer line `[start, end)` (with its line
/// ending, if it has one yet), unless it is the `*` cancel or already
/// redacted.
fn push_answer(out: &mut Vec<Edit>, whole: &[u8], start: usize, end: usize) {
    let line = &whole[start..end];
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let body = line.strip_suffix(b"\r").unwrap_or(line);
    let body_len = body.len();
    if body.is_empty() || body == b"*" || body == b"<secret>" {
        return;
    }
    out.push((start, start + body_len, b"<secret>".to_vec()));
}
