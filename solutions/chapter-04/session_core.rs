//! Exercise `session_core`: the seed's session as a sans-I/O state machine.
//!
//! The seed's coroutine keeps a table of the characters a client has sent
//! and answers every line with all of them, sorted. Written as a state
//! machine, the session is a struct and one method: a line goes in, a
//! [`Reply`] comes out, and no socket is involved, so every engine (and
//! every test) can drive it.
//!
//! Layout: [`Reply`], [`CharSession`].

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

// ANCHOR: solution
impl CharSession {
    /// A session that has seen nothing yet.
    pub fn new() -> Self {
        CharSession::default()
    }

    /// Handles one line (without its end of line).
    pub fn on_line(&mut self, line: &[u8]) -> Reply {
        match line {
            b".quit" => return Reply::Quit,
            b".shutdown" => return Reply::Shutdown,
            _ => {}
        }
        for &b in line.iter().filter(|&&b| b >= 33) {
            self.seen[usize::from(b)] = true;
        }
        let mut reply: Vec<u8> = (33..=255u8)
            .filter(|&b| self.seen[usize::from(b)])
            .collect();
        reply.extend_from_slice(b"\r\n");
        Reply::Send(reply)
    }
}
// ANCHOR_END: solution
