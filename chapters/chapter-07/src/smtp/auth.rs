//! Authentication (RFC 4954): the PLAIN and LOGIN mechanisms.
//!
//! Both send the password merely base64-encoded, which is encoding, not
//! encryption: use them only over TLS, or on loopback as the tests do.
//! PLAIN sends `\0user\0password` in one go (RFC 4616); LOGIN answers two
//! `334` challenges, "Username:" and "Password:", one value each.
//!
//! Layout: [`Credentials`] (its `Debug` hides the password), [`Mechanism`],
//! [`plain_response`], [`base64`].

use chapter_06::ltn12::transform;
use chapter_06::mime::Base64Encoder;

/// A user name and password. `Debug` prints `<secret>` for the password,
/// so logging a configuration cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The account name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<secret>")
            .finish()
    }
}

/// An AUTH mechanism this client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// RFC 4616: one response holding both values.
    Plain,
    /// The LOGIN draft: two challenge–response rounds.
    Login,
}

impl Mechanism {
    /// Its name in `AUTH` and in the EHLO keyword.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
        }
    }
}

/// Base64 of `bytes` on one line (chapter 6's encoder).
pub fn base64(bytes: &[u8]) -> String {
    let out = transform(bytes, Base64Encoder::new()).expect("encoding cannot fail");
    String::from_utf8(out).expect("base64 is ASCII")
}

// ANCHOR: plain
/// The PLAIN initial response: base64 of `\0user\0password` (no
/// authorization identity, so the server uses the user's own).
pub fn plain_response(c: &Credentials) -> String {
    base64(format!("\0{}\0{}", c.user, c.password).as_bytes())
}
// ANCHOR_END: plain
