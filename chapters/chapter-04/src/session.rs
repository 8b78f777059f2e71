//! The one sans-I/O session core of `server_02`, shared by every engine.
//!
//! A session is what the seed's coroutine does for one client: it takes a
//! line, updates its state, and answers with a line. Here it is a plain
//! state machine: [`Session::on_line`] gets the line (LF and CRs already
//! removed by chapter 2's line matcher), appends its reply to an output
//! buffer, and says whether the conversation goes on ([`Step`]). It never
//! touches a socket, so the readiness loop, the coroutine executor and tokio
//! all drive the same code, and tests drive it with byte slices.
//!
//! Layout: [`Step`], [`Session`], [`command`], [`Distinct`] (the seed's
//! session: the set of distinct characters seen so far), [`Echo`] (a line
//! echo, used to load the engines with the harness swarm).

/// What the connection does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Keep the connection; wait for the next line.
    Continue,
    /// `.quit`: close this connection (after sending what is pending).
    Quit,
    /// `.shutdown`: stop the whole server.
    Shutdown,
}

/// A per-connection conversation, driven one line at a time.
pub trait Session {
    /// Handles one complete line (without its end of line); appends the
    /// reply (with its CRLF) to `out`.
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step;
}

/// The two control lines every session of this chapter understands.
pub fn command(line: &[u8]) -> Option<Step> {
    match line {
        b".quit" => Some(Step::Quit),
        b".shutdown" => Some(Step::Shutdown),
        _ => None,
    }
}

// ANCHOR: distinct
/// The seed's session: remembers every distinct byte from 33 (`!`) to 255 it
/// has received and answers each line with all of them in ascending order.
/// Spaces and control bytes (0–32) are not counted, as in the seed.
#[derive(Debug, Clone, Default)]
pub struct Distinct {
    /// Bit `b` set: byte `b` has been seen (a 256-bit set, 32 bytes of state).
    seen: [u64; 4],
}

impl Distinct {
    /// Records the bytes of `line` in the set.
    pub fn add(&mut self, line: &[u8]) {
        for &b in line.iter().filter(|&&b| b >= 33) {
            self.seen[usize::from(b / 64)] |= 1 << (b % 64);
        }
    }

    /// The bytes seen so far, ascending.
    pub fn bytes(&self) -> Vec<u8> {
        (33..=255u8)
            .filter(|&b| self.seen[usize::from(b / 64)] & (1 << (b % 64)) != 0)
            .collect()
    }
}

impl Session for Distinct {
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step {
        if let Some(step) = command(line) {
            return step;
        }
        self.add(line);
        out.extend_from_slice(&self.bytes());
        out.extend_from_slice(b"\r\n");
        Step::Continue
    }
}
// ANCHOR_END: distinct

/// A line echo: answers each line with itself. The engines run it under the
/// harness swarm, whose clients expect their lines back.
#[derive(Debug, Clone, Copy, Default)]
pub struct Echo;

impl Session for Echo {
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step {
        if let Some(step) = command(line) {
            return step;
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
        Step::Continue
    }
}

/// Which session core a server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// [`Distinct`], the seed's.
    #[default]
    Distinct,
    /// [`Echo`].
    Echo,
}

impl Kind {
    /// A fresh session of this kind.
    pub fn start(self) -> Box<dyn Session + Send> {
        match self {
            Kind::Distinct => Box::new(Distinct::default()),
            Kind::Echo => Box::new(Echo),
        }
    }
}

impl Session for Box<dyn Session + Send> {
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step {
        (**self).on_line(line, out)
    }
}
