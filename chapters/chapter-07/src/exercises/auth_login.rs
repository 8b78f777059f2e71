//! Exercise: the AUTH LOGIN exchange (RFC 4954 with the LOGIN mechanism).
//!
//! ```text
//! C: AUTH LOGIN
//! S: 334 VXNlcm5hbWU6          ("Username:" in base64)
//! C: cHVjaw==                   (the user name in base64)
//! S: 334 UGFzc3dvcmQ6          ("Password:" in base64)
//! C: Z29vZGZlbGxvdw==           (the password in base64)
//! S: 235 2.7.0 Authentication successful
//! ```
//!
//! Write [`AuthLogin`], a sans-I/O state machine: [`AuthLogin::start`] gives
//! the first command; [`AuthLogin::on_reply`] takes each reply's code and
//! text and says what to send next, or that the login is done. The first
//! `334` is answered with the user name, the second with the password, both
//! base64-encoded (use [`base64`]); `235` after the password means success.
//! Anything else — a `535`, a third `334`, a `235` too early — is an
//! [`AuthFailed`] carrying the code and text.

// ANCHOR: stub
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

/// The client side of AUTH LOGIN.
#[derive(Debug, Clone)]
pub struct AuthLogin {
    // TODO: the user, the password, and how far the exchange has got.
}

impl AuthLogin {
    /// An exchange that will log in as `user` with `password`.
    pub fn new(user: &str, password: &str) -> Self {
        let _ = (user, password);
        todo!("keep the credentials and start at the first step")
    }

    /// The command that starts the exchange: `AUTH LOGIN` (no CRLF).
    pub fn start(&mut self) -> String {
        todo!("return the AUTH command")
    }

    /// The next step after the reply `code text`.
    pub fn on_reply(&mut self, code: u16, text: &str) -> Result<LoginStep, AuthFailed> {
        // TODO: 334 (first) → the user name in base64; 334 (second) → the
        // password in base64; 235 after that → Done; anything else → Err.
        let _ = (code, text);
        todo!("answer the server's challenges")
    }
}
// ANCHOR_END: stub
