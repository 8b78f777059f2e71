//! The SMTP client conversation as a sans-I/O state machine.
//!
//! [`Session`] never touches a socket: the driver hands it each whole reply
//! ([`Session::on_reply`]) and writes whatever command it returns. That keeps
//! every protocol rule testable with plain values, and lets a blocking, a
//! poll-based or an async driver share it. The conversation (RFC 5321 §3):
//!
//! greeting `220` → `EHLO` (or `HELO` if EHLO is refused) → `AUTH` when
//! credentials are set → `MAIL FROM` → one `RCPT TO` per recipient (refusals
//! are collected, not fatal) → `DATA` → `354` → the message and `.` →
//! `250` → `QUIT`.
//!
//! After a failure the session still says `QUIT` politely and then returns
//! the error — except after `421`, when the server is already closing.
//!
//! Layout: [`Session`]; the per-state handlers follow `on_reply`. What it
//! takes and gives back ([`Settings`], [`Command`], [`Next`], [`Report`]) is
//! in [`super::command`].

use super::auth::{Mechanism, base64, plain_response};
use super::command::{Command, Next, Report, Settings};
use super::data::{DataError, encode_data};
use super::error::{Rejected, SmtpError, Stage};
use super::reply::Reply;
use crate::message::Envelope;

#[derive(Debug)]
enum State {
    Greeting,
    Ehlo,
    Helo,
    AuthPlain,
    AuthLogin(u8),
    Mail,
    Rcpt(usize),
    Data,
    Content,
    Quit,
    Failed(SmtpError),
    Done,
}

/// One client conversation delivering one message.
#[derive(Debug)]
pub struct Session {
    settings: Settings,
    envelope: Envelope,
    data: Vec<u8>,
    eight_bit: bool,
    state: State,
    report: Report,
}

impl Session {
    /// A session that will send `message` (raw RFC 5322 bytes) to the
    /// envelope's recipients. Fails at once if the message has a line SMTP
    /// cannot carry. Set `eight_bit` when the body is 8bit MIME.
    pub fn new(
        settings: Settings,
        envelope: Envelope,
        message: &[u8],
        eight_bit: bool,
    ) -> Result<Self, DataError> {
        Ok(Session {
            data: encode_data(message)?,
            settings,
            envelope,
            eight_bit,
            state: State::Greeting,
            report: Report::default(),
        })
    }

    /// The step the session is waiting in (drivers pick timeouts by it).
    pub fn stage(&self) -> Stage {
        match self.state {
            State::Greeting => Stage::Greeting,
            State::Ehlo | State::Helo => Stage::Hello,
            State::AuthPlain | State::AuthLogin(_) => Stage::Auth,
            State::Mail => Stage::MailFrom,
            State::Rcpt(_) => Stage::RcptTo,
            State::Data => Stage::Data,
            State::Content => Stage::Message,
            State::Quit | State::Failed(_) | State::Done => Stage::Quit,
        }
    }

    // ANCHOR: on_reply
    /// Feeds one whole reply; returns what to send next, the final report,
    /// or the error that ended the conversation.
    pub fn on_reply(&mut self, reply: Reply) -> Result<Next, SmtpError> {
        let stage = self.stage();
        if reply.code == 421 && !matches!(self.state, State::Quit | State::Failed(_)) {
            // "Service not available, closing": no QUIT is possible.
            self.state = State::Done;
            return Err(SmtpError::from_reply(stage, reply));
        }
        match std::mem::replace(&mut self.state, State::Done) {
            State::Greeting => self.on_greeting(reply),
            State::Ehlo => self.on_ehlo(reply),
            State::Helo => self.expect_ok(Stage::Hello, reply, Self::after_hello),
            State::AuthPlain | State::AuthLogin(2) => {
                self.expect_ok(Stage::Auth, reply, Self::mail_from)
            }
            State::AuthLogin(step) => self.on_login_challenge(step, reply),
            State::Mail => self.expect_ok(Stage::MailFrom, reply, |s| s.rcpt(0)),
            State::Rcpt(i) => self.on_rcpt(i, reply),
            State::Data => self.on_data(reply),
            State::Content => self.on_content(reply),
            State::Quit | State::Done => Ok(Next::Done(std::mem::take(&mut self.report))),
            State::Failed(e) => Err(e),
        }
    }
    // ANCHOR_END: on_reply

    /// The server closed the connection: fine after QUIT, an error before.
    pub fn on_close(&mut self) -> Result<Report, SmtpError> {
        let stage = self.stage();
        match std::mem::replace(&mut self.state, State::Done) {
            State::Quit | State::Done => Ok(std::mem::take(&mut self.report)),
            State::Failed(e) => Err(e),
            _ => Err(SmtpError::Closed { stage }),
        }
    }

    /// Records `error` and says QUIT; the error comes back with its reply.
    fn fail(&mut self, error: SmtpError) -> Result<Next, SmtpError> {
        self.state = State::Failed(error);
        Ok(Next::Send(Command::line("QUIT".into())))
    }

    /// Continues with `then` on a 2xx reply, else fails at `stage`.
    fn expect_ok(
        &mut self,
        stage: Stage,
        reply: Reply,
        then: impl FnOnce(&mut Self) -> Result<Next, SmtpError>,
    ) -> Result<Next, SmtpError> {
        if reply.is_positive() {
            then(self)
        } else {
            self.fail(SmtpError::from_reply(stage, reply))
        }
    }

    fn on_greeting(&mut self, reply: Reply) -> Result<Next, SmtpError> {
        self.expect_ok(Stage::Greeting, reply, |s| {
            s.state = State::Ehlo;
            Ok(Next::Send(Command::line(format!(
                "EHLO {}",
                s.settings.helo_name
            ))))
        })
    }

    // ANCHOR: on_ehlo
    fn on_ehlo(&mut self, reply: Reply) -> Result<Next, SmtpError> {
        if reply.is_positive() {
            // Line 1 is the greeting; each further line is one extension.
            self.report.extensions = reply.lines.iter().skip(1).cloned().collect();
            return self.after_hello();
        }
        if reply.code >= 500 {
            // An old server that does not know EHLO (RFC 5321 §3.2).
            self.state = State::Helo;
            let helo = format!("HELO {}", self.settings.helo_name);
            return Ok(Next::Send(Command::line(helo)));
        }
        self.fail(SmtpError::from_reply(Stage::Hello, reply))
    }
    // ANCHOR_END: on_ehlo

    /// The parameters of an EHLO keyword, if the server offered it.
    pub fn extension(&self, keyword: &str) -> Option<Vec<String>> {
        self.report.extensions.iter().find_map(|line| {
            let mut words = line.split_whitespace();
            let first = words.next()?;
            first
                .eq_ignore_ascii_case(keyword)
                .then(|| words.map(str::to_ascii_uppercase).collect())
        })
    }

    fn after_hello(&mut self) -> Result<Next, SmtpError> {
        if self.eight_bit && self.extension("8BITMIME").is_none() {
            let why = "the message has an 8bit body but the server does not offer 8BITMIME \
                       (RFC 6152): build it with quoted-printable";
            return self.fail(SmtpError::Unsupported(why.into()));
        }
        let Some(creds) = self.settings.credentials.clone() else {
            return self.mail_from();
        };
        let offered = self.extension("AUTH").unwrap_or_default();
        if offered.iter().any(|m| m == "PLAIN") {
            self.report.auth = Some(Mechanism::Plain);
            self.state = State::AuthPlain;
            Ok(Next::Send(Command::secret(
                "AUTH PLAIN ",
                &plain_response(&creds),
            )))
        } else if offered.iter().any(|m| m == "LOGIN") {
            self.report.auth = Some(Mechanism::Login);
            self.state = State::AuthLogin(0);
            Ok(Next::Send(Command::line("AUTH LOGIN".into())))
        } else {
            let why = format!(
                "the server offers no AUTH mechanism this client speaks (PLAIN, LOGIN); it offers: {}",
                if offered.is_empty() {
                    "none".to_string()
                } else {
                    offered.join(" ")
                }
            );
            self.fail(SmtpError::Unsupported(why))
        }
    }

    // ANCHOR: login
    /// AUTH LOGIN: the first 334 asks for the user name, the second for the
    /// password; each answer is one base64 line.
    fn on_login_challenge(&mut self, step: u8, reply: Reply) -> Result<Next, SmtpError> {
        if reply.code != 334 {
            return self.fail(SmtpError::from_reply(Stage::Auth, reply));
        }
        let creds = self
            .settings
            .credentials
            .clone()
            .expect("AUTH only with credentials");
        let value = if step == 0 {
            creds.user
        } else {
            creds.password
        };
        self.state = State::AuthLogin(step + 1);
        Ok(Next::Send(Command::secret("", &base64(value.as_bytes()))))
    }
    // ANCHOR_END: login

    fn mail_from(&mut self) -> Result<Next, SmtpError> {
        let mut line = format!("MAIL FROM:<{}>", self.envelope.from);
        if self.eight_bit {
            line.push_str(" BODY=8BITMIME");
        }
        if self.extension("SIZE").is_some() {
            line.push_str(&format!(" SIZE={}", self.data.len()));
        }
        self.state = State::Mail;
        Ok(Next::Send(Command::line(line)))
    }

    fn rcpt(&mut self, i: usize) -> Result<Next, SmtpError> {
        if i == 0 && self.envelope.rcpt.is_empty() {
            return self.fail(SmtpError::NoRecipients { rejected: vec![] });
        }
        self.state = State::Rcpt(i);
        let line = format!("RCPT TO:<{}>", self.envelope.rcpt[i]);
        Ok(Next::Send(Command::line(line)))
    }

    // ANCHOR: on_rcpt
    /// A refused recipient is noted and the others still get the message;
    /// only when all are refused is there nothing to send.
    fn on_rcpt(&mut self, i: usize, reply: Reply) -> Result<Next, SmtpError> {
        let addr = self.envelope.rcpt[i].clone();
        if reply.is_positive() {
            self.report.accepted.push(addr);
        } else {
            self.report.rejected.push(Rejected { addr, reply });
        }
        if i + 1 < self.envelope.rcpt.len() {
            return self.rcpt(i + 1);
        }
        if self.report.accepted.is_empty() {
            let rejected = self.report.rejected.clone();
            return self.fail(SmtpError::NoRecipients { rejected });
        }
        self.state = State::Data;
        Ok(Next::Send(Command::line("DATA".into())))
    }
    // ANCHOR_END: on_rcpt

    fn on_data(&mut self, reply: Reply) -> Result<Next, SmtpError> {
        if reply.code != 354 {
            return self.fail(SmtpError::from_reply(Stage::Data, reply));
        }
        self.state = State::Content;
        Ok(Next::Send(Command {
            shown: format!(
                "<message: {} octets, dot-stuffed, ending in .>",
                self.data.len()
            ),
            bytes: self.data.clone(),
        }))
    }

    fn on_content(&mut self, reply: Reply) -> Result<Next, SmtpError> {
        self.expect_ok(Stage::Message, reply.clone(), |s| {
            s.report.queued = Some(reply);
            s.state = State::Quit;
            Ok(Next::Send(Command::line("QUIT".into())))
        })
    }
}
