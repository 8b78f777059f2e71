//! Transcripts: what crossed each connection, as stable, redacted text.
//!
//! A fake peer (or a conformance run) records every event of every
//! connection into a [`Recorder`]: which side sent which bytes, one
//! [`Event::Data`] per write (so write boundaries survive), half-closes,
//! closes, resets and read timeouts. A [`Transcript`] is a snapshot of those
//! events plus a header (peer name, seed, faults), and renders to a line-based
//! text format that snapshots store and other languages can parse
//! (`fixtures/reference/README.md` describes it).
//!
//! Layout:
//! - this file: [`Side`], [`Event`], [`Transcript`] and its normalising views.
//! - [`record`]: [`Recorder`] (shared, thread-safe, capped, waitable).
//! - [`stream`]: [`RecordingStream`], a recorded `TcpStream`.
//! - [`text`]: rendering and parsing the text format, byte escaping.
//! - [`redact`]: [`Redactor`], deterministic redaction of ports, dates,
//!   message ids, MIME boundaries and secrets (`challenge`: SASL answers;
//!   `edit`: splicing edits into a stream's events, which both use).
//! - [`live`]: [`LiveRedactor`], the same redaction one event at a time,
//!   keeping the per-connection context it needs (for live output).

mod challenge;
mod edit;
pub mod live;
pub mod record;
pub mod redact;
pub mod stream;
pub mod text;

pub use live::LiveRedactor;
pub use record::Recorder;
pub use redact::Redactor;
pub use stream::RecordingStream;

#[doc(hidden)]
pub use insta as __insta;

/// Asserts an insta snapshot of a transcript in its stable form
/// ([`Transcript::stable`]: grouped by connection, the read side's chunks
/// merged, redacted). `read_side` is the side the recorder read from: the
/// `Client` for a peer's transcript.
///
/// ```ignore
/// harness::assert_transcript!("chopped_echo", peer.stop(), Side::Client);
/// ```
#[macro_export]
macro_rules! assert_transcript {
    ($name:expr, $transcript:expr, $read_side:expr) => {
        $crate::transcript::__insta::assert_snapshot!(
            $name,
            $transcript.stable($read_side).render()
        )
    };
}

/// Who sent the bytes, or who performed the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The side that connected.
    Client,
    /// The side that accepted.
    Server,
}

impl Side {
    /// The other side of the connection.
    pub fn other(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }

    /// The one-letter code used in the text format (`C` or `S`).
    pub fn letter(self) -> char {
        match self {
            Side::Client => 'C',
            Side::Server => 'S',
        }
    }
}

/// One thing that happened on a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A connection was opened; `label` names it in logs (e.g. `client-7`).
    Open {
        /// Connection number, unique within one recorder, counting from 1.
        conn: u32,
        /// Human-readable name of the connection.
        label: String,
    },
    /// One write by `from` (for the recorder's own side) or one read of the
    /// other side's bytes (TCP does not keep the other side's boundaries).
    Data {
        /// Connection number.
        conn: u32,
        /// Who sent the bytes.
        from: Side,
        /// The bytes, exactly.
        bytes: Vec<u8>,
    },
    /// `from` shut down its sending direction (or the harness read EOF from it).
    HalfClose {
        /// Connection number.
        conn: u32,
        /// Who stopped sending.
        from: Side,
    },
    /// `from` closed the connection.
    Close {
        /// Connection number.
        conn: u32,
        /// Who closed.
        from: Side,
    },
    /// `from` reset the connection (RST), or the harness saw a reset from it.
    Reset {
        /// Connection number.
        conn: u32,
        /// Who reset.
        from: Side,
    },
    /// A read by the harness on side `from` timed out.
    Timeout {
        /// Connection number.
        conn: u32,
        /// The side whose read timed out (the harness's own side).
        from: Side,
    },
    /// A remark by the harness: a fault applied, a server error, a truncation.
    Note {
        /// The connection it concerns, if any.
        conn: Option<u32>,
        /// The remark.
        text: String,
    },
}

impl Event {
    /// The connection this event belongs to (`None` for global notes).
    pub fn conn(&self) -> Option<u32> {
        match self {
            Event::Open { conn, .. }
            | Event::Data { conn, .. }
            | Event::HalfClose { conn, .. }
            | Event::Close { conn, .. }
            | Event::Reset { conn, .. }
            | Event::Timeout { conn, .. } => Some(*conn),
            Event::Note { conn, .. } => *conn,
        }
    }
}

/// A header plus the events of every connection, in the order they happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// Ordered `key: value` pairs: `peer`, `seed`, `faults`, ...
    pub header: Vec<(String, String)>,
    /// The events, in recording order.
    pub events: Vec<Event>,
}

impl Transcript {
    /// Renders with [`Redactor::default()`] (see [`text`] for the format).
    pub fn render(&self) -> String {
        self.render_with(Redactor::shared_default())
    }

    /// Renders with the given redactor.
    pub fn render_with(&self, r: &Redactor) -> String {
        text::render(&r.apply(self))
    }

    /// Parses the text format; `parse(&t.render())` equals `t.redacted()`.
    pub fn parse(text: &str) -> anyhow::Result<Transcript> {
        text::parse(text)
    }

    /// This transcript after [`Redactor::default()`].
    pub fn redacted(&self) -> Transcript {
        Redactor::shared_default().apply(self)
    }

    /// The value of a header key, if present.
    pub fn header_value(&self, key: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The events of one connection.
    pub fn connection(&self, conn: u32) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| e.conn() == Some(conn))
            .collect()
    }

    /// All bytes `from` sent on `conn`, concatenated.
    pub fn bytes(&self, conn: u32, from: Side) -> Vec<u8> {
        let mut out = Vec::new();
        for e in &self.events {
            if let Event::Data {
                conn: c,
                from: f,
                bytes,
            } = e
                && *c == conn
                && *f == from
            {
                out.extend_from_slice(bytes);
            }
        }
        out
    }

    /// Events grouped by connection (stable: order within a connection kept,
    /// global notes first). Concurrent connections interleave differently
    /// from run to run; this view does not.
    pub fn sorted_by_conn(&self) -> Transcript {
        let mut events = self.events.clone();
        events.sort_by_key(|e| e.conn().unwrap_or(0));
        Transcript {
            header: self.header.clone(),
            events,
        }
    }

    /// The form snapshots store: grouped by connection, with adjacent reads
    /// from `read_side` merged (TCP decides those boundaries, not the peer).
    pub fn stable(&self, read_side: Side) -> Transcript {
        self.sorted_by_conn().merge_data_from(read_side)
    }

    /// Merges adjacent `Data` events from `side` on the same connection.
    ///
    /// Use it for the side the recorder *read*: how TCP chunks the other
    /// side's bytes into reads varies between runs, the bytes do not.
    pub fn merge_data_from(&self, side: Side) -> Transcript {
        let mut events: Vec<Event> = Vec::with_capacity(self.events.len());
        for e in &self.events {
            if let (
                Some(Event::Data {
                    conn: pc,
                    from: pf,
                    bytes: pb,
                }),
                Event::Data { conn, from, bytes },
            ) = (events.last_mut(), e)
                && pc == conn
                && pf == from
                && *from == side
            {
                pb.extend_from_slice(bytes);
                continue;
            }
            events.push(e.clone());
        }
        Transcript {
            header: self.header.clone(),
            events,
        }
    }
}
