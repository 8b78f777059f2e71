//! What `workbook peer` prints: the live transcript (coloured on a
//! terminal, secrets redacted as a whole transcript would be: a
//! [`LiveRedactor`] keeps each connection's context, so a password split
//! over writes or sent after a `334` challenge is caught), the summary when
//! it stops, and the warning when it listens beyond loopback.
//!
//! Layout: [`sink`], [`summary`], [`warn_if_exposed`].

use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use anstyle::{AnsiColor, Style};

use harness::peer::PeerHandle;
use harness::transcript::text::event_line;
use harness::transcript::{Event, LiveRedactor, Redactor, Side, Transcript};

/// Prints `peer`'s events as they happen, each line after `prefix` (the
/// service's name in a room, where connection numbers repeat).
pub(super) fn sink(peer: &PeerHandle, redactor: Redactor, prefix: &'static str) {
    // The sink is called under the recorder's lock, one event at a time; the
    // mutex only satisfies `Fn`.
    let live = Mutex::new(LiveRedactor::new(redactor));
    peer.recorder().set_sink(move |e| {
        let redacted = live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .redact(e);
        let line = event_line(&redacted);
        let style = match e {
            Event::Data {
                from: Side::Client, ..
            } => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            Event::Data {
                from: Side::Server, ..
            } => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Event::Note { .. } => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            _ => Style::new().dimmed(),
        };
        anstream::println!("{style}{prefix}{line}{style:#}");
    });
}

/// `N connection(s), X bytes from clients, Y bytes from the peer`.
pub(super) fn summary(t: &Transcript) -> String {
    let conns = t
        .events
        .iter()
        .filter(|e| matches!(e, Event::Open { .. }))
        .count();
    let bytes = |side: Side| -> usize {
        t.events
            .iter()
            .map(|e| match e {
                Event::Data { from, bytes, .. } if *from == side => bytes.len(),
                _ => 0,
            })
            .sum()
    };
    format!(
        "{conns} connection(s), {} bytes from clients, {} bytes from the peer",
        bytes(Side::Client),
        bytes(Side::Server)
    )
}

/// Warns on stderr when `host` is not a loopback address: anyone who can
/// reach this machine can then reach the peers.
pub(super) fn warn_if_exposed(host: IpAddr) {
    if host.is_loopback() {
        return;
    }
    let where_ = if host.is_unspecified() {
        format!("{host}: every network interface of this machine")
    } else {
        host.to_string()
    };
    let warn = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    anstream::eprintln!(
        "{warn}warning:{warn:#} listening on {where_}, not only on loopback.\n  \
         Anyone who can reach this machine on that network can connect.\n  \
         The accounts' passwords protect nothing: they cross the network in clear text \
         and the accounts file lists them.\n  \
         The transcript printed here shows every session, with passwords and AUTH data \
         replaced by <secret> (unless --no-redact).\n  \
         Serve only a classroom network you trust, and stop with Ctrl-C when the class ends."
    );
}
