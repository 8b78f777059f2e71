//! The comparison view of a datagram conversation, shared by the UDP cases
//! (`udp-echo-server`, and `daytime-client` over UDP): one line per
//! datagram, so a comparison sees each datagram's boundaries.

use std::fmt::Write as _;

use harness::failure::escape;
use harness::transcript::{Event, Transcript};

/// Bytes of a datagram shown in [`datagram_view`] before eliding.
const SHOWN_BYTES: usize = 48;

/// One line per datagram: `<conn> C> <bytes>` (long ones elided, with their
/// length).
pub(crate) fn datagram_view(transcript: &Transcript) -> String {
    let mut out = String::new();
    for e in &transcript.events {
        if let Event::Data { conn, from, bytes } = e {
            let _ = writeln!(out, "{conn} {}> {}", from.letter(), shown(bytes));
        }
    }
    out
}

fn shown(bytes: &[u8]) -> String {
    if bytes.len() <= SHOWN_BYTES {
        return format!("\"{}\"", escape(bytes));
    }
    format!(
        "\"{}\"... ({} bytes)",
        escape(&bytes[..SHOWN_BYTES]),
        bytes.len()
    )
}
