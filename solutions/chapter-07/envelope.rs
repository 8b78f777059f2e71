//! Solution: recipients versus headers (the seed's Bcc rule).

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

/// The header value listing the recipients of one kind.
fn header(recipients: &[Recipient], kind: Kind) -> Option<String> {
    let shown: Vec<String> = recipients
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| match r.name.trim() {
            "" => format!("<{}>", r.addr),
            name => format!("{name} <{}>", r.addr),
        })
        .collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

/// Splits `recipients` into header values and envelope addresses.
pub fn split(recipients: &[Recipient]) -> Split {
    let mut rcpt: Vec<String> = Vec::new();
    for r in recipients {
        // Every kind, Bcc included, is delivered; duplicates only once.
        if !rcpt.iter().any(|a| a.eq_ignore_ascii_case(&r.addr)) {
            rcpt.push(r.addr.clone());
        }
    }
    Split {
        to: header(recipients, Kind::To),
        cc: header(recipients, Kind::Cc),
        rcpt,
    }
}
