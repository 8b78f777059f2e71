//! Exercise: recipients versus headers — where a blind copy goes.
//!
//! The seed's lesson: `To:` and `Cc:` are only for the reader to see; the
//! server delivers to the recipients given in `RCPT TO`, the *envelope*. A
//! blind copy is a recipient of the envelope that no header names (and there
//! is no `Bcc:` header at all).
//!
//! Write [`split`]: from a list of recipients, build
//! - `to` and `cc`: the header values, `Name <addr>` (or just `<addr>` when
//!   the name is empty) joined by `", "`; `None` when there are none;
//! - `rcpt`: every address (To, Cc and Bcc) for `RCPT TO`, in the order
//!   given, each only once even if listed twice (addresses compared without
//!   regard to ASCII case; keep the first spelling).

// ANCHOR: stub
/// Which list a recipient is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A main recipient, shown in `To:`.
    To,
    /// A copy, shown in `Cc:`.
    Cc,
    /// A blind copy, shown nowhere.
    Bcc,
}

/// One recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Its list.
    pub kind: Kind,
    /// Display name (may be empty; plain ASCII words in this exercise).
    pub name: String,
    /// Address.
    pub addr: String,
}

/// Headers and envelope built from a recipient list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    /// The `To:` value, if any recipient is a To.
    pub to: Option<String>,
    /// The `Cc:` value, if any recipient is a Cc.
    pub cc: Option<String>,
    /// The `RCPT TO` addresses.
    pub rcpt: Vec<String>,
}

/// Splits `recipients` into header values and envelope addresses.
pub fn split(recipients: &[Recipient]) -> Split {
    // TODO: format the To and Cc lists, never mention a Bcc in them, and
    // collect every address once for the envelope.
    let _ = recipients;
    todo!("build the headers and the envelope")
}
// ANCHOR_END: stub
