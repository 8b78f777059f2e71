//! The fake POP3 server's protocol core (sans-I/O): one command line in,
//! one [`Action`] out, through the states of RFC 1939 §3.
//!
//! - AUTHORIZATION: USER then PASS, or APOP; QUIT. Checking the password,
//!   locking the maildrop and loading it is I/O, so the session hands a
//!   [`Action::Login`] to the driver and is told the outcome
//!   ([`ServerSession::enter`] or [`ServerSession::refuse`]).
//! - TRANSACTION: STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, CAPA.
//!   DELE only marks a message; RSET clears the marks.
//! - UPDATE: QUIT in TRANSACTION gives [`Action::Quit`] with the marked
//!   files; only then does the driver delete them. A connection that ends
//!   any other way deletes nothing.
//!
//! Every command gets `-ERR` when unknown, out of place, switched off
//! ([`Caps`]) or given bad arguments.
//!
//! # Layout
//! [`MAX_COMMAND_LINE`], [`ServerSession`]. What it answers is an
//! [`Action`] (in `action`); the commands of each state are in `commands`.

use super::Caps;
use super::action::Action;
use super::commands::{authorization, transaction};
use super::maildrop::Maildrop;

/// Longest command line, CRLF included (RFC 2449 §4).
pub const MAX_COMMAND_LINE: usize = 255;

#[derive(Debug)]
enum State {
    Authorization { user: Option<String> },
    Transaction(Maildrop),
}

/// One client's session.
#[derive(Debug)]
pub struct ServerSession {
    caps: Caps,
    timestamp: String,
    state: State,
}

impl ServerSession {
    /// A session whose APOP timestamp is `timestamp` (`<…@…>`).
    pub fn new(caps: Caps, timestamp: String) -> Self {
        ServerSession {
            caps,
            timestamp,
            state: State::Authorization { user: None },
        }
    }

    /// The greeting (with the timestamp when APOP is on).
    pub fn greeting(&self) -> String {
        if self.caps.apop {
            format!("+OK POP3 workbook server ready {}\r\n", self.timestamp)
        } else {
            "+OK POP3 workbook server ready\r\n".into()
        }
    }

    /// The APOP timestamp.
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// Whether a maildrop is open (TRANSACTION state).
    pub fn in_transaction(&self) -> bool {
        matches!(self.state, State::Transaction(_))
    }

    /// The login succeeded: TRANSACTION with `drop`; the reply to send.
    pub fn enter(&mut self, drop: Maildrop) -> String {
        let (n, size) = drop
            .live()
            .fold((0, 0), |(n, s), (_, m)| (n + 1, s + m.bytes.len()));
        self.state = State::Transaction(drop);
        format!("+OK maildrop has {n} message(s) ({size} octets)\r\n")
    }

    /// The login failed: back to the start of AUTHORIZATION.
    pub fn refuse(&mut self) {
        self.state = State::Authorization { user: None };
    }

    /// Handles one command line (without its CRLF).
    pub fn on_line(&mut self, line: &str) -> Action {
        let (verb, args) = line.split_once(' ').unwrap_or((line, ""));
        let verb = verb.to_ascii_uppercase();
        if verb == "CAPA" && self.caps.capa {
            return self.capa();
        }
        match &mut self.state {
            State::Authorization { user } => authorization(self.caps, user, &verb, args),
            State::Transaction(drop) => transaction(drop, self.caps, &verb, args),
        }
    }

    fn capa(&self) -> Action {
        let mut lines = String::from("+OK capability list follows\r\n");
        let offered = [
            (self.caps.top, "TOP"),
            (self.caps.user, "USER"),
            (self.caps.uidl, "UIDL"),
        ];
        for (_, name) in offered.iter().filter(|(on, _)| *on) {
            lines.push_str(name);
            lines.push_str("\r\n");
        }
        lines.push_str(
            "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION workbook\r\n.\r\n",
        );
        Action::Multi(lines.into_bytes())
    }
}
