//! [`Recorder`]: the shared, capped event log every peer writes into.
//!
//! Cheap to clone (an `Arc`), safe to share between a peer's connection
//! threads; it can echo each event to a live sink (`workbook peer` prints
//! the transcript as it happens) and lets a test wait for an event without
//! sleeping ([`Recorder::wait_for`]). [`RecordingStream`](super::RecordingStream)
//! feeds it from a socket.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{Event, Transcript};

/// Most events one recorder keeps; later ones are dropped (after a note).
pub const MAX_EVENTS: usize = 1_000_000;
/// Most data bytes one recorder keeps.
pub const MAX_BYTES: usize = 64 << 20;

type Sink = Arc<dyn Fn(&Event) + Send + Sync>;

struct Inner {
    header: Vec<(String, String)>,
    events: Vec<Event>,
    next_conn: u32,
    bytes: usize,
    truncated: bool,
    sink: Option<Sink>,
}

/// A shared transcript being recorded.
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Condvar>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("events", &self.lock().events.len())
            .finish()
    }
}

impl From<&Recorder> for Recorder {
    fn from(r: &Recorder) -> Recorder {
        r.clone()
    }
}

impl Recorder {
    /// A recorder whose transcript starts with `header`.
    pub fn new(header: Vec<(String, String)>) -> Self {
        let inner = Inner {
            header,
            events: Vec::new(),
            next_conn: 1,
            bytes: 0,
            truncated: false,
            sink: None,
        };
        Recorder {
            inner: Arc::new(Mutex::new(inner)),
            changed: Arc::new(Condvar::new()),
        }
    }

    /// Calls `sink` with every event as it is recorded (also after
    /// truncation), starting with those recorded before it was set: a peer
    /// may accept a client between starting and getting its sink, and
    /// `workbook peer` must still print that client's first lines. Both
    /// happen under the recorder's lock, so no event is missed or repeated.
    pub fn set_sink(&self, sink: impl Fn(&Event) + Send + Sync + 'static) {
        let mut inner = self.lock();
        let sink: Sink = Arc::new(sink);
        inner.events.iter().for_each(|e| sink(e));
        inner.sink = Some(sink);
    }

    /// Sets (or replaces) a header value.
    pub fn set_header(&self, key: &str, value: impl Into<String>) {
        let mut inner = self.lock();
        let value = value.into();
        match inner.header.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => inner.header.push((key.to_string(), value)),
        }
    }

    /// Opens a new connection labelled `label`; returns its number.
    pub fn open(&self, label: impl Into<String>) -> u32 {
        let conn = self.next_conn();
        self.record(Event::Open {
            conn,
            label: label.into(),
        });
        conn
    }

    /// Opens a connection labelled `<prefix>-<number>` (e.g. `client-7`).
    pub fn open_numbered(&self, prefix: &str) -> u32 {
        let conn = self.next_conn();
        self.record(Event::Open {
            conn,
            label: format!("{prefix}-{conn}"),
        });
        conn
    }

    fn next_conn(&self) -> u32 {
        let mut inner = self.lock();
        let conn = inner.next_conn;
        inner.next_conn += 1;
        conn
    }

    /// Records one event.
    pub fn record(&self, e: Event) {
        let mut inner = self.lock();
        if let Some(sink) = inner.sink.clone() {
            sink(&e);
        }
        let size = match &e {
            Event::Data { bytes, .. } => bytes.len(),
            _ => 0,
        };
        if inner.truncated {
            return;
        }
        if inner.events.len() >= MAX_EVENTS || inner.bytes + size > MAX_BYTES {
            inner.truncated = true;
            let text = format!("transcript truncated after {} events", inner.events.len());
            inner.events.push(Event::Note { conn: None, text });
            return;
        }
        inner.bytes += size;
        inner.events.push(e);
        self.changed.notify_all();
    }

    /// Waits until `done(events)` holds or `timeout` passes; returns whether
    /// it holds. Wakes on every recorded event (no polling), so a test can
    /// wait for "the server closed connection 3" without sleeping.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&[Event]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut inner = self.lock();
        // Bounded by the deadline: each pass waits for at most what is left.
        loop {
            if done(&inner.events) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            inner = self
                .changed
                .wait_timeout(inner, left)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }

    /// Records a harness remark.
    pub fn note(&self, conn: Option<u32>, text: impl Into<String>) {
        self.record(Event::Note {
            conn,
            text: text.into(),
        });
    }

    /// A copy of the transcript so far.
    pub fn snapshot(&self) -> Transcript {
        let inner = self.lock();
        Transcript {
            header: inner.header.clone(),
            events: inner.events.clone(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere must not hide the transcript that explains it.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
