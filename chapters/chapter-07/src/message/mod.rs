//! Building an Internet message (RFC 5322) and its SMTP envelope.
//!
//! A message is header lines, an empty line and a body, all with CRLF line
//! ends. The headers `To:` and `Cc:` are for the reader; where the message
//! goes is decided by the *envelope* (RFC 5321 §2.3.1): one sender and a
//! list of recipients given to the server as `MAIL FROM` and `RCPT TO`. A
//! blind copy (`bcc`) is therefore a recipient of the envelope that appears
//! in no header — [`Message::to_bytes`] never writes a `Bcc:` line.
//!
//! Layout:
//! - this file: [`Mailbox`], [`Message`] (a builder), [`Envelope`].
//! - [`header`]: folding and RFC 2047 encoded words.
//! - [`date`]: `Date:` and `Message-ID:` values from a given time and random number.
//! - [`mime`]: text parts and `multipart/mixed` with base64 attachments.

pub mod date;
pub mod header;
pub mod mime;

use date::Stamp;
use header::{encode_words, fold};
use mime::{Attachment, Body, TextEncoding, TextPart};

/// A display name and an address: `Oberon <oberon@fairy.example>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The name shown to readers (may be empty; any Unicode).
    pub name: String,
    /// The address, `local@domain` (ASCII).
    pub addr: String,
}

impl Mailbox {
    /// A mailbox with a display name.
    pub fn new(name: &str, addr: &str) -> Self {
        Mailbox {
            name: name.into(),
            addr: addr.into(),
        }
    }

    // ANCHOR: mailbox_header
    /// The mailbox as a header value: the name as it is when it is a plain
    /// phrase, quoted when it holds specials such as `,` or `.`, encoded
    /// words when it is not ASCII; then `<addr>`.
    pub fn to_header(&self) -> String {
        const SPECIALS: &[char] = &[
            '(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '.', '"',
        ];
        let name = self.name.trim();
        if name.is_empty() {
            format!("<{}>", self.addr)
        } else if header::needs_encoding(name) {
            format!("{} <{}>", encode_words(name), self.addr)
        } else if name.contains(SPECIALS) {
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{quoted}\" <{}>", self.addr)
        } else {
            format!("{name} <{}>", self.addr)
        }
    }
    // ANCHOR_END: mailbox_header
}

/// What SMTP needs to deliver: the reverse path and the forward paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The sender (`MAIL FROM`), where bounces go.
    pub from: String,
    /// Every recipient (`RCPT TO`): To, Cc and Bcc, each address once.
    pub rcpt: Vec<String>,
}

/// A message under construction. Time and randomness come in as values
/// ([`Message::date`], [`Message::message_id`]); nothing here reads a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    from: Mailbox,
    to: Vec<Mailbox>,
    cc: Vec<Mailbox>,
    bcc: Vec<Mailbox>,
    subject: String,
    date: Option<String>,
    message_id: Option<String>,
    extra: Vec<(String, String)>,
    text: TextPart,
    attachments: Vec<Attachment>,
    boundary: String,
}

impl Message {
    /// A message from `from` with a subject and an empty text body.
    pub fn new(from: Mailbox, subject: &str) -> Self {
        Message {
            from,
            to: Vec::new(),
            cc: Vec::new(),
            bcc: Vec::new(),
            subject: subject.into(),
            date: None,
            message_id: None,
            extra: Vec::new(),
            text: TextPart {
                text: String::new(),
                encoding: TextEncoding::EightBit,
            },
            attachments: Vec::new(),
            boundary: "=_workbook_boundary".into(),
        }
    }

    /// Adds a `To:` recipient.
    pub fn to(mut self, m: Mailbox) -> Self {
        self.to.push(m);
        self
    }

    /// Adds a `Cc:` recipient.
    pub fn cc(mut self, m: Mailbox) -> Self {
        self.cc.push(m);
        self
    }

    /// Adds a blind copy: an envelope recipient that no header mentions.
    pub fn bcc(mut self, m: Mailbox) -> Self {
        self.bcc.push(m);
        self
    }

    /// Sets the `Date:` header from a moment.
    pub fn date(mut self, stamp: Stamp) -> Self {
        self.date = Some(date::rfc5322_date(stamp));
        self
    }

    /// Sets `Message-ID:` (and the MIME boundary) from a moment, a random
    /// number and the sender's domain.
    pub fn message_id(mut self, stamp: Stamp, random: u64, domain: &str) -> Self {
        self.message_id = Some(date::message_id(stamp, random, domain));
        self.boundary = format!("=_workbook_{random:016x}");
        self
    }

    /// Adds another header (its value is encoded and folded like the rest).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// Sets the text body and how to encode it if it is not ASCII.
    pub fn text(mut self, text: &str, encoding: TextEncoding) -> Self {
        self.text = TextPart {
            text: text.into(),
            encoding,
        };
        self
    }

    /// Attaches a file (the message becomes `multipart/mixed`).
    pub fn attach(mut self, a: Attachment) -> Self {
        self.attachments.push(a);
        self
    }

    /// The body this message will have.
    pub fn body(&self) -> Body {
        if self.attachments.is_empty() {
            Body::Text(self.text.clone())
        } else {
            Body::Mixed {
                text: self.text.clone(),
                attachments: self.attachments.clone(),
                boundary: self.boundary.clone(),
            }
        }
    }

    // ANCHOR: envelope
    /// The envelope: the sender, and To, Cc and Bcc addresses in that
    /// order, each once (compared without regard to case).
    pub fn envelope(&self) -> Envelope {
        let mut rcpt: Vec<String> = Vec::new();
        for m in self.to.iter().chain(&self.cc).chain(&self.bcc) {
            if !rcpt.iter().any(|r| r.eq_ignore_ascii_case(&m.addr)) {
                rcpt.push(m.addr.clone());
            }
        }
        Envelope {
            from: self.from.addr.clone(),
            rcpt,
        }
    }
    // ANCHOR_END: envelope

    // ANCHOR: to_bytes
    /// The message as it goes over the wire (before dot-stuffing): folded,
    /// encoded headers, a blank line, the MIME body. No `Bcc:` header.
    pub fn to_bytes(&self) -> Vec<u8> {
        let list = |ms: &[Mailbox]| {
            let v: Vec<String> = ms.iter().map(Mailbox::to_header).collect();
            v.join(", ")
        };
        let mut out = String::new();
        if let Some(d) = &self.date {
            out.push_str(&fold("Date", d));
        }
        out.push_str(&fold("From", &self.from.to_header()));
        out.push_str(&fold("Subject", &encode_words(&self.subject)));
        if !self.to.is_empty() {
            out.push_str(&fold("To", &list(&self.to)));
        }
        if !self.cc.is_empty() {
            out.push_str(&fold("Cc", &list(&self.cc)));
        }
        if let Some(id) = &self.message_id {
            out.push_str(&fold("Message-ID", id));
        }
        for (name, value) in &self.extra {
            out.push_str(&fold(name, &encode_words(value)));
        }
        let mut bytes = out.into_bytes();
        self.body().write(&mut bytes);
        bytes
    }
    // ANCHOR_END: to_bytes
}
