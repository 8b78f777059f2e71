//! Sequence diagrams of recorded conversations, drawn as SVG for the book.
//!
//! DESIGN.md §7 wants every conversation the book discusses drawn from its
//! checked transcript, never by hand, so a diagram cannot drift from what
//! the code does. [`render_text`] takes a transcript in the harness's text
//! format (`fixtures/reference/README.md`) and returns one SVG document as a
//! string: sans-I/O (the `{{#transcript}}` directive reads the file) and
//! deterministic (the same text always gives the same bytes, so the book
//! and the snapshot test see the same picture).
//!
//! What is drawn: one lane per client connection (in order of first
//! appearance) and one for the server on the right; one arrow per event
//! line, so a reply chopped into three writes shows three arrows (the write
//! boundaries are what the transcript format keeps). Payloads are quoted
//! with the text format's escapes and long ones are cut with a count of the
//! bytes left out. Connects, half-closes, closes, resets, read timeouts,
//! lost datagrams and the harness's notes each have their own mark. A
//! conversation over UDP (a `udp-faults` header, `udp-` labels or a `udp-`
//! conformance case) gets datagram arrows with hollow heads and no connect arrow,
//! because UDP has no connection to open.
//!
//! # Layout
//! - [`Options`], [`render_text`], [`render`]: the entry points.
//! - `Model`, `Row`, `Arrow`, `Mark`: the lanes and one row per event,
//!   built by `Model::of` with no geometry in it.
//! - [`payload_label`]: escaping and eliding bytes for an arrow's label.
//! - `draw`: the geometry and the SVG elements; `words`: escaping,
//!   widths and the description.

mod draw;
mod words;

pub(crate) use words::escape;

use std::collections::HashMap;

use harness::transcript::{Event, Side, Transcript, text};

/// Longest quoted payload an arrow shows, in characters between the quotes
/// (escapes count as what they print). Longer payloads end in `…` and a
/// count, so a label stays about 540 pixels wide at most at 12 px.
pub const MAX_SHOWN: usize = 56;

/// A payload at most this much longer than [`MAX_SHOWN`] is shown whole:
/// cutting it would save fewer characters than the count takes.
const SLACK: usize = 16;

/// What the caller knows that the transcript does not.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Unique among the diagrams of one HTML page: it prefixes the ids of
    /// the arrowhead markers and of the title and description.
    pub id: &'a str,
    /// What the picture shows; becomes the SVG `<title>` and the caption.
    pub title: &'a str,
}

/// Parses `transcript` (the text format) and draws it; `Err` when it does
/// not parse, with the line that does not.
pub fn render_text(transcript: &str, options: Options<'_>) -> anyhow::Result<String> {
    Ok(render(&Transcript::parse(transcript)?, options))
}

/// Draws a parsed transcript as an SVG document (one `<svg>` element, no
/// blank lines, so Markdown keeps it as one HTML block).
pub fn render(transcript: &Transcript, options: Options<'_>) -> String {
    draw::svg(&Model::of(transcript), options)
}

/// The lanes and rows of a diagram, before any geometry.
#[derive(Debug)]
struct Model {
    /// Lane names, clients first, the server last.
    lanes: Vec<String>,
    /// Whether the conversation is datagrams (UDP) rather than streams.
    udp: bool,
    rows: Vec<Row>,
}

#[derive(Debug)]
enum Row {
    Arrow(Arrow),
    /// A read by the harness that gave up, on one lane.
    Timeout {
        lane: usize,
    },
    /// A remark by the harness, across the lanes `from..=to`.
    Note {
        from: usize,
        to: usize,
        text: String,
    },
}

#[derive(Debug)]
struct Arrow {
    from: usize,
    to: usize,
    /// Who acts: colours the arrow.
    side: Side,
    mark: Mark,
    label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Connect,
    Data,
    HalfClose,
    Close,
    Reset,
    /// A datagram the network (the fault plan) lost on the way.
    Lost,
}

impl Model {
    fn of(t: &Transcript) -> Model {
        let udp = is_udp(t);
        let (lane_of, mut lanes) = client_lanes(t);
        let server = lanes.len();
        lanes.push(server_name(t, udp));
        // Every connection has a lane: `client_lanes` saw every event.
        let ends = |conn: &u32| (lane_of[conn], server);
        let rows = t
            .events
            .iter()
            .filter_map(|e| row(e, udp, server, &ends))
            .collect();
        Model { lanes, udp, rows }
    }
}

/// The row drawing one event, given the server's lane and each
/// connection's (client, server) lanes; none for the `open` of a UDP
/// "connection", which opens nothing.
fn row(e: &Event, udp: bool, server: usize, ends: &impl Fn(&u32) -> (usize, usize)) -> Option<Row> {
    let arrow = |conn: &u32, side: Side, mark: Mark, label: String| {
        let (client, server) = ends(conn);
        let (from, to) = match side {
            Side::Client => (client, server),
            Side::Server => (server, client),
        };
        let arrow = Arrow {
            from,
            to,
            side,
            mark,
            label,
        };
        Some(Row::Arrow(arrow))
    };
    match e {
        Event::Open { .. } if udp => None,
        Event::Open { conn, .. } => arrow(conn, Side::Client, Mark::Connect, "connect".into()),
        Event::Data { conn, from, bytes } => arrow(conn, *from, Mark::Data, payload_label(bytes)),
        Event::HalfClose { conn, from } => arrow(conn, *from, Mark::HalfClose, "half-close".into()),
        Event::Close { conn, from } => arrow(conn, *from, Mark::Close, "close".into()),
        Event::Reset { conn, from } => arrow(conn, *from, Mark::Reset, "reset (RST)".into()),
        Event::Timeout { conn, from } => {
            let (client, server) = ends(conn);
            let lane = if *from == Side::Client {
                client
            } else {
                server
            };
            Some(Row::Timeout { lane })
        }
        // The daytime peer notes each reply its fault plan drops; drawn as
        // an arrow that never arrives, the loss is visible.
        Event::Note {
            conn: Some(conn),
            text,
        } if text.starts_with("reply lost") => {
            arrow(conn, Side::Server, Mark::Lost, "reply lost".into())
        }
        Event::Note { conn, text } => {
            // A note about no connection spans every lane.
            let (from, to) = match conn {
                Some(conn) => ends(conn),
                None => (0, server),
            };
            Some(Row::Note {
                from,
                to,
                text: text.clone(),
            })
        }
    }
}

/// Datagram conversations. The text format has no transport field, so this
/// reads the signs the harness leaves: the daytime peer's UDP side writes a
/// `udp-faults` header and labels its clients `udp-client-N`, the DNS peer
/// labels them `udp-N`, and the UDP conformance cases are named `udp-…`.
fn is_udp(t: &Transcript) -> bool {
    let labelled = t
        .events
        .iter()
        .any(|e| matches!(e, Event::Open { label, .. } if label.starts_with("udp-")));
    let case = t
        .header_value("case")
        .is_some_and(|c| c.starts_with("udp-"));
    labelled || case || t.header_value("udp-faults").is_some()
}

/// Each connection's lane (in order of first appearance) and the lanes'
/// names. A lone client is just "client": its number says nothing.
fn client_lanes(t: &Transcript) -> (HashMap<u32, usize>, Vec<String>) {
    let mut lane_of = HashMap::new();
    let mut names = Vec::new();
    for e in &t.events {
        let Some(conn) = e.conn() else { continue };
        if lane_of.contains_key(&conn) {
            continue;
        }
        lane_of.insert(conn, names.len());
        names.push(match e {
            Event::Open { label, .. } => label.clone(),
            _ => format!("client-{conn}"),
        });
    }
    if let [only] = names.as_mut_slice() {
        *only = "client".to_string();
    }
    (lane_of, names)
}

/// The server lane: the fake peer's name when the harness played the
/// server (`# peer: pop3`), else the program under test.
fn server_name(t: &Transcript, udp: bool) -> String {
    let kind = if udp { " (UDP)" } else { "" };
    match t.header_value("peer") {
        Some(peer) => format!("{peer} server{kind}"),
        None => format!("server{kind}"),
    }
}

/// An arrow's label for `bytes`: quoted with the text format's escapes and,
/// past [`MAX_SHOWN`] characters (and some slack), cut at an escape's end
/// with the number of bytes left out: `"+OK 2 messages\r\n1 120…" (+1,204 bytes)`.
pub fn payload_label(bytes: &[u8]) -> String {
    let whole = text::quote(bytes);
    if whole.len() <= MAX_SHOWN + SLACK + 2 {
        return whole;
    }
    let mut shown = String::new();
    for (i, &b) in bytes.iter().enumerate() {
        let quoted = text::quote(&[b]);
        let escaped = &quoted[1..quoted.len() - 1];
        if shown.len() + escaped.len() > MAX_SHOWN {
            let left = bytes.len() - i;
            let unit = if left == 1 { "byte" } else { "bytes" };
            return format!("\"{shown}…\" (+{} {unit})", thousands(left));
        }
        shown.push_str(escaped);
    }
    format!("\"{shown}\"")
}

/// `1204` as `1,204`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests;
