//! Solution: the AUTH LOGIN exchange as a state machine.

pub use crate::smtp::auth::base64;

/// What to do after a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStep {
    /// Send this line (without CRLF).
    Send(String),
    /// Logged in.
    Done,
}

/// The server did not accept the login, or broke the exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailed {
    /// Its reply code.
    pub code: u16,
    /// Its reply text.
    pub text: String,
}

/// How many values the client has sent so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Nothing,
    User,
    Password,
}

/// The client side of AUTH LOGIN.
#[derive(Debug, Clone)]
pub struct AuthLogin {
    user: String,
    password: String,
    sent: Sent,
}

impl AuthLogin {
    /// An exchange that will log in as `user` with `password`.
    pub fn new(user: &str, password: &str) -> Self {
        AuthLogin {
            user: user.into(),
            password: password.into(),
            sent: Sent::Nothing,
        }
    }

    /// The command that starts the exchange: `AUTH LOGIN` (no CRLF).
    pub fn start(&mut self) -> String {
        self.sent = Sent::Nothing;
        "AUTH LOGIN".into()
    }

    /// The next step after the reply `code text`.
    pub fn on_reply(&mut self, code: u16, text: &str) -> Result<LoginStep, AuthFailed> {
        match (code, self.sent) {
            (334, Sent::Nothing) => {
                self.sent = Sent::User;
                Ok(LoginStep::Send(base64(self.user.as_bytes())))
            }
            (334, Sent::User) => {
                self.sent = Sent::Password;
                Ok(LoginStep::Send(base64(self.password.as_bytes())))
            }
            (235, Sent::Password) => Ok(LoginStep::Done),
            _ => Err(AuthFailed {
                code,
                text: text.into(),
            }),
        }
    }
}
