//! The fake SMTP server's protocol core, sans-I/O: one command line in,
//! one [`Action`] out. The connection loop (`serve`) does the reading,
//! writing, message collection and faults.
//!
//! It enforces the order of RFC 5321 §4.1.4 with `503` (MAIL before a
//! greeting, RCPT before MAIL, DATA before RCPT, AUTH twice or inside a
//! transaction), argument syntax with `501`, unknown commands with `500`,
//! unknown parameters with `555`, and logs users in with AUTH PLAIN and
//! LOGIN (RFC 4954). Replies carry enhanced status codes (RFC 3463).
//!
//! # Layout
//! [`Limits`], [`Action`], [`Transaction`], [`ServerSession`]; the
//! argument parsers are in `args`, reply lines are made by `reply`.

use super::args::{mail_params, parse_path};
use super::reply::line;
use crate::mail::Accounts;
use crate::mail::sasl::{LOGIN_PASS, LOGIN_USER, decode_base64, parse_plain};

pub use super::args::MAX_PATH;

/// Longest command line, CRLF included (RFC 5321 §4.5.3.1.4).
pub const MAX_COMMAND_LINE: usize = 512;
/// Most recipients of one message (RFC 5321 §4.5.3.1.8 says accept at least 100).
pub const MAX_RECIPIENTS: usize = 100;

/// The server's limits and policy.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The name in the greeting and EHLO reply.
    pub hostname: String,
    /// Largest message accepted (advertised as SIZE).
    pub max_size: usize,
    /// Whether MAIL needs a login first (`530` otherwise).
    pub require_auth: bool,
    /// Most accepted messages kept in memory for the test to look at (the
    /// oldest are dropped first; the store on disk keeps them all).
    pub keep_messages: usize,
    /// Most bytes of accepted messages kept in memory (the newest message
    /// is always kept, whatever its size).
    pub keep_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            hostname: "smtp.workbook.test".into(),
            max_size: 10 * 1024 * 1024,
            require_auth: false,
            keep_messages: 1000,
            keep_bytes: 16 << 20,
        }
    }
}

/// What the connection loop does after a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send this reply (CRLF included) and read the next command.
    Reply(String),
    /// Send this reply, then read the next line as a SASL response.
    Challenge(String),
    /// Send `354`, then collect the message up to the `.` line.
    StartData(String),
    /// Send this reply and close the connection (QUIT).
    Close(String),
}

/// One mail transaction: the envelope so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transaction {
    /// The reverse path (`MAIL FROM`), empty for `<>`.
    pub from: String,
    /// The forward paths (`RCPT TO`) accepted.
    pub rcpt: Vec<String>,
    /// The `BODY=` parameter, if any (`8BITMIME`, `7BIT`).
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Sasl {
    None,
    Plain,
    LoginUser,
    LoginPass(String),
}

/// The state of one SMTP connection.
#[derive(Debug)]
pub struct ServerSession {
    accounts: Accounts,
    limits: Limits,
    greeted: bool,
    esmtp: bool,
    /// The user logged in, if any.
    pub user: Option<String>,
    /// The transaction in progress, if any.
    pub transaction: Option<Transaction>,
    sasl: Sasl,
}

impl ServerSession {
    /// A fresh connection.
    pub fn new(accounts: Accounts, limits: Limits) -> Self {
        ServerSession {
            accounts,
            limits,
            greeted: false,
            esmtp: false,
            user: None,
            transaction: None,
            sasl: Sasl::None,
        }
    }

    /// The greeting (`220`).
    pub fn greeting(&self) -> String {
        line(
            "220",
            &format!("{} ESMTP workbook fake server ready", self.limits.hostname),
        )
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// True while the next line is a SASL response, not a command.
    pub fn in_sasl(&self) -> bool {
        self.sasl != Sasl::None
    }

    /// Handles one line (without its CRLF).
    pub fn on_line(&mut self, text: &str) -> Action {
        if self.in_sasl() {
            return self.on_sasl(text.trim());
        }
        let (verb, arg) = match text.split_once(' ') {
            Some((v, a)) => (v, a.trim()),
            None => (text, ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => self.hello(arg, true),
            "HELO" => self.hello(arg, false),
            "AUTH" => self.auth(arg),
            "MAIL" => self.mail(arg),
            "RCPT" => self.rcpt(arg),
            "DATA" => self.data(arg),
            "RSET" => {
                self.transaction = None;
                Action::Reply(line("250", "2.0.0 OK"))
            }
            "NOOP" => Action::Reply(line("250", "2.0.0 OK")),
            "QUIT" => Action::Close(line("221", "2.0.0 Bye")),
            "VRFY" => Action::Reply(line("252", "2.5.0 Cannot VRFY user; try RCPT")),
            "HELP" => Action::Reply(line("214", "2.0.0 See RFC 5321")),
            "STARTTLS" | "EXPN" | "TURN" | "BDAT" => {
                Action::Reply(line("502", "5.5.1 Command not implemented"))
            }
            _ => Action::Reply(line("500", "5.5.2 Command not recognized")),
        }
    }

    fn hello(&mut self, arg: &str, esmtp: bool) -> Action {
        if arg.is_empty() || arg.contains(' ') {
            return Action::Reply(line("501", "5.5.4 Syntax: EHLO/HELO <domain>"));
        }
        // A domain is at most 255 octets (RFC 5321 §4.5.3.1.2); a longer one
        // echoed in the reply would make a reply line over 512 (§4.5.3.1.5).
        if arg.len() > 255 {
            return Action::Reply(line("501", "5.5.4 Domain name too long"));
        }
        // A greeting resets any transaction (RFC 5321 §4.1.4).
        self.greeted = true;
        self.esmtp = esmtp;
        self.transaction = None;
        let host = &self.limits.hostname;
        if !esmtp {
            return Action::Reply(line("250", host));
        }
        Action::Reply(format!(
            "250-{host} greets {arg}\r\n250-SIZE {}\r\n250-8BITMIME\r\n250-PIPELINING\r\n\
             250-ENHANCEDSTATUSCODES\r\n250 AUTH PLAIN LOGIN\r\n",
            self.limits.max_size
        ))
    }

    fn auth(&mut self, arg: &str) -> Action {
        if !self.esmtp {
            return Action::Reply(line("503", "5.5.1 EHLO first"));
        }
        if self.user.is_some() {
            return Action::Reply(line("503", "5.5.1 Already authenticated"));
        }
        if self.transaction.is_some() {
            return Action::Reply(line(
                "503",
                "5.5.1 AUTH not allowed during a mail transaction",
            ));
        }
        let mut words = arg.split_whitespace();
        let mechanism = words.next().unwrap_or_default().to_ascii_uppercase();
        let initial = words.next();
        match (mechanism.as_str(), initial) {
            ("PLAIN", Some(response)) => self.finish_plain(response),
            ("PLAIN", None) => {
                self.sasl = Sasl::Plain;
                Action::Challenge("334 \r\n".into())
            }
            ("LOGIN", None) => {
                self.sasl = Sasl::LoginUser;
                Action::Challenge(line("334", LOGIN_USER))
            }
            ("LOGIN", Some(user)) => self.login_user(user),
            ("", _) => Action::Reply(line("501", "5.5.4 Syntax: AUTH <mechanism>")),
            _ => Action::Reply(line("504", "5.5.4 Unrecognized authentication type")),
        }
    }

    fn on_sasl(&mut self, text: &str) -> Action {
        let state = std::mem::replace(&mut self.sasl, Sasl::None);
        if text == "*" {
            return Action::Reply(line("501", "5.0.0 Authentication cancelled"));
        }
        match state {
            Sasl::Plain => self.finish_plain(text),
            Sasl::LoginUser => self.login_user(text),
            Sasl::LoginPass(user) => match decode_base64(text.as_bytes()) {
                Some(p) => self.login(&user, &String::from_utf8_lossy(&p)),
                None => Action::Reply(line("501", "5.5.2 Cannot decode response")),
            },
            Sasl::None => Action::Reply(line("500", "5.5.2 Command not recognized")),
        }
    }

    fn login_user(&mut self, response: &str) -> Action {
        match decode_base64(response.as_bytes()).and_then(|u| String::from_utf8(u).ok()) {
            Some(user) => {
                self.sasl = Sasl::LoginPass(user);
                Action::Challenge(line("334", LOGIN_PASS))
            }
            None => Action::Reply(line("501", "5.5.2 Cannot decode response")),
        }
    }

    fn finish_plain(&mut self, response: &str) -> Action {
        match parse_plain(response.as_bytes()) {
            Some((user, pass)) => self.login(&user, &pass),
            None => Action::Reply(line("501", "5.5.2 Cannot decode response")),
        }
    }

    fn login(&mut self, user: &str, password: &str) -> Action {
        match self.accounts.check(user, password) {
            Some(a) => {
                self.user = Some(a.user.clone());
                Action::Reply(line("235", "2.7.0 Authentication successful"))
            }
            None => Action::Reply(line("535", "5.7.8 Authentication credentials invalid")),
        }
    }

    fn mail(&mut self, arg: &str) -> Action {
        if !self.greeted {
            return Action::Reply(line("503", "5.5.1 Say EHLO or HELO first"));
        }
        if self.transaction.is_some() {
            return Action::Reply(line("503", "5.5.1 Nested MAIL command"));
        }
        if self.limits.require_auth && self.user.is_none() {
            return Action::Reply(line("530", "5.7.0 Authentication required"));
        }
        let (path, params) = match parse_path(arg, "FROM:") {
            Ok(p) => p,
            Err(reply) => return Action::Reply(reply),
        };
        let body = match mail_params(params, self.limits.max_size) {
            Ok(body) => body,
            Err(reply) => return Action::Reply(reply),
        };
        self.transaction = Some(Transaction {
            from: path,
            rcpt: Vec::new(),
            body,
        });
        Action::Reply(line("250", "2.1.0 Sender OK"))
    }

    fn rcpt(&mut self, arg: &str) -> Action {
        let Some(t) = self.transaction.as_mut() else {
            return Action::Reply(line("503", "5.5.1 Need MAIL before RCPT"));
        };
        match parse_path(arg, "TO:") {
            Err(reply) => Action::Reply(reply),
            Ok((path, _)) if path.is_empty() => {
                Action::Reply(line("501", "5.1.3 An empty recipient is not allowed"))
            }
            Ok((_, params)) if !params.trim().is_empty() => {
                Action::Reply(line("555", "5.5.4 Unsupported RCPT parameter"))
            }
            Ok(_) if t.rcpt.len() >= MAX_RECIPIENTS => {
                Action::Reply(line("452", "4.5.3 Too many recipients"))
            }
            Ok((path, _)) => {
                t.rcpt.push(path);
                Action::Reply(line("250", "2.1.5 Recipient OK"))
            }
        }
    }

    fn data(&mut self, arg: &str) -> Action {
        if !arg.is_empty() {
            return Action::Reply(line("501", "5.5.4 DATA takes no argument"));
        }
        match &self.transaction {
            None => Action::Reply(line("503", "5.5.1 Need MAIL and RCPT before DATA")),
            Some(t) if t.rcpt.is_empty() => Action::Reply(line("554", "5.5.1 No valid recipients")),
            Some(_) => Action::StartData(line("354", "Send the message; end with <CRLF>.<CRLF>")),
        }
    }
}
