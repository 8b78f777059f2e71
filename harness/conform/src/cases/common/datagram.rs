//! The comparison view of a datagram conversation, shared by the UDP cases
//! (`udp-echo-server`, and `daytime-client` over UDP): one line per
//! datagram, so a comparison sees each datagram's boundaries; and the same
//! with echoes that came back in a row in either order ([`unordered_echoes`]:
//! UDP promises no order, RFC 768).

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

/// `view` with each run of consecutive echoes (`<conn> S> …` lines of one
/// socket) sorted, so the order they arrived in does not count.
pub(crate) fn unordered_echoes(view: &str) -> String {
    let mut out = String::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut String| {
        run.sort_unstable();
        run.drain(..).for_each(|l| out.extend([l, "\n"]));
    };
    for line in view.lines() {
        let echo = line
            .split_once(' ')
            .filter(|(_, rest)| rest.starts_with("S> "));
        let same_socket = |l: &&str| l.split_once(' ').map(|(c, _)| c) == echo.map(|(c, _)| c);
        if echo.is_none() || !run.first().is_none_or(same_socket) {
            flush(&mut run, &mut out);
        }
        match echo {
            Some(_) => run.push(line),
            None => out.extend([line, "\n"]),
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::unordered_echoes;

    #[test]
    fn echoes_in_a_row_on_one_socket_compare_in_any_order() {
        let view = "1 C> \"a\"\n1 C> \"b\"\n1 S> \"b\"\n1 S> \"a\"\n2 S> \"c\"\n1 C> \"d\"\n";
        let sorted = "1 C> \"a\"\n1 C> \"b\"\n1 S> \"a\"\n1 S> \"b\"\n2 S> \"c\"\n1 C> \"d\"\n";
        assert_eq!(unordered_echoes(view), sorted);
        // What the clients sent keeps its order: only echoes are sets.
        let sends = "1 C> \"b\"\n1 C> \"a\"\n";
        assert_eq!(unordered_echoes(sends), sends);
    }
}
