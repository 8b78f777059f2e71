//! The greeting peer: a fake `server_01` (002, "Using Two Servers and a
//! Client") for greeting clients to talk to.
//!
//! For each connection it sends `Greetings from <its ip>:<port> to <client
//! ip>:<port>` with CRLF, reads one line back (capped at [`MAX_LINE`]), and
//! then waits for the client to hang up before closing (unlike `server_01`,
//! which closes at once), so the transcript shows whether the client
//! closes. Write faults of the plan apply to the greeting, so a test can
//! chop it into 1-byte writes or reset mid-line.
//!
//! ```no_run
//! let peer = harness::greeting::start();
//! // connect, read the greeting, send one back ...
//! println!("{}", peer.stop().render());
//! ```

use std::io;
use std::net::SocketAddr;

use crate::fault::FaultPlan;
use crate::peer::{Line, PeerConfig, PeerHandle, listen, spawn_on};

/// Longest client greeting read (bytes, line ending included).
pub const MAX_LINE: usize = 1000;
/// Most lines read after the greeting while waiting for the client to close.
pub const MAX_EXTRA_LINES: usize = 10;

/// The greeting line from `from` to `to`, CRLF included (what `server_01`
/// and `client_01` send).
///
/// Chapter 2 teaches the same line (`chapter_02::greeting`); this is the
/// harness's own copy on purpose, the oracle the chapter's tests are
/// checked against (the harness never depends on a chapter).
pub fn greeting(from: SocketAddr, to: SocketAddr) -> String {
    format!(
        "Greetings from {}:{} to {}:{}\r\n",
        from.ip(),
        from.port(),
        to.ip(),
        to.port()
    )
}

/// A greeting peer on `127.0.0.1:0` without faults; panics if it cannot bind.
pub fn start() -> PeerHandle {
    start_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        FaultPlan::none(),
        PeerConfig::default(),
    )
    .unwrap_or_else(|e| panic!("cannot start the greeting peer on 127.0.0.1:0: {e}"))
}

/// The rstest fixture: a greeting peer without faults
/// (`fn greets(greeting_peer: PeerHandle)`).
#[rstest::fixture]
pub fn greeting_peer() -> PeerHandle {
    start()
}

/// A greeting peer on `bind` with a fault plan and limits.
pub fn start_with(bind: SocketAddr, plan: FaultPlan, config: PeerConfig) -> io::Result<PeerHandle> {
    let listener = listen(bind)?;
    let me = listener.local_addr()?;
    spawn_on("greeting", listener, plan, config, move |mut conn| {
        let Some(client) = conn.peer_addr() else {
            return Ok(());
        };
        conn.reply(greeting(me, client).as_bytes())?;
        match conn.read_line(MAX_LINE)? {
            Line::Complete(_) => {}
            Line::TooLong => conn.note(format!("client greeting longer than {MAX_LINE} bytes")),
            Line::Eof(rest) if rest.is_empty() => conn.note("client closed without greeting back"),
            Line::Eof(_) => conn.note("client stopped sending mid-line"),
        }
        // Bounded: a few lines at most, each read with the peer's timeout.
        for _ in 0..MAX_EXTRA_LINES {
            match conn.read_line(MAX_LINE)? {
                Line::Complete(_) => conn.note("client sent more after its greeting"),
                Line::TooLong | Line::Eof(_) => break,
            }
        }
        Ok(())
    })
}
