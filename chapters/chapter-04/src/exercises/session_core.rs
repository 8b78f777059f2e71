//! Exercise `session_core`: the seed's session as a sans-I/O state machine.
//!
//! The seed's coroutine keeps a table of the characters a client has sent
//! and answers every line with all of them, sorted. Written as a state
//! machine, the session is a struct and one method: a line goes in, a
//! [`Reply`] comes out, and no socket is involved, so every engine (and
//! every test) can drive it.
//!
//! Layout: [`Reply`], [`CharSession`].

// The stub leaves some private items unused until you write the bodies.
#![allow(dead_code, unused_imports)]

/// What the session answers to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Send these bytes (the reply line, CRLF included).
    Send(Vec<u8>),
    /// `.quit`: close this connection, send nothing.
    Quit,
    /// `.shutdown`: stop the server, send nothing.
    Shutdown,
}

/// The state of one client's session: which bytes 33–255 it has sent.
#[derive(Debug, Clone)]
pub struct CharSession {
    seen: [bool; 256],
}

impl Default for CharSession {
    fn default() -> Self {
        CharSession { seen: [false; 256] }
    }
}

// ANCHOR: stub
impl CharSession {
    /// A session that has seen nothing yet.
    pub fn new() -> Self {
        CharSession::default()
    }

    /// Handles one line (without its end of line).
    pub fn on_line(&mut self, line: &[u8]) -> Reply {
        // TODO: `.quit` and `.shutdown`, as whole lines, are the commands of
        // `Reply`. Any other line is answered with every byte from 33 to 255
        // this session has been sent so far (this line included), each once,
        // in ascending order, then CRLF.
        let _ = line;
        todo!("the seed's session: remember the bytes, answer with all of them sorted")
    }
}
// ANCHOR_END: stub
